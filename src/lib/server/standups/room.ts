// Each stand-up has its own video room, created and named like every other room (its LiveKit
// name derived from the company and room ids), kind 'standup', named after the stand-up.
import { eq } from 'drizzle-orm';
import { getDb } from '../db';
import { rooms, standups, type Standup } from '../db/schema';
import { newId } from '../ids';
import { liveKitRoomName } from '../video/rooms';

/** The stand-up's room id, creating the room the first time. */
export function ensureStandupRoom(standup: Standup): string {
	if (standup.roomId) return standup.roomId;
	const id = newId();
	return getDb().transaction((tx) => {
		const current = tx
			.select({ roomId: standups.roomId })
			.from(standups)
			.where(eq(standups.id, standup.id))
			.get();
		if (current?.roomId) return current.roomId;
		tx.insert(rooms)
			.values({
				id,
				companyId: standup.companyId,
				kind: 'standup',
				name: standup.name,
				livekitName: liveKitRoomName(standup.companyId, id),
				createdBy: standup.createdBy
			})
			.run();
		tx.update(standups).set({ roomId: id }).where(eq(standups.id, standup.id)).run();
		return id;
	});
}

/** Keeps the room's name in step with the stand-up's, and archives it with the stand-up. */
export function syncStandupRoom(standup: Standup): void {
	if (!standup.roomId) return;
	getDb()
		.update(rooms)
		.set({ name: standup.name, archivedAt: standup.archivedAt })
		.where(eq(rooms.id, standup.roomId))
		.run();
}

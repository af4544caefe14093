import { companyOccupancy, listRooms } from '$lib/server/video/rooms';

export type OccupantView = {
	userId: string;
	name: string;
	houseName: string | null;
	roomDevice: boolean;
	/** ms since the epoch. */
	since: number;
};

/** Who is inside each room this member can see, keyed by room id. */
export function roomOccupancy(companyId: string, userId: string): Record<string, OccupantView[]> {
	const visible = new Set(listRooms(companyId, userId).map((room) => room.id));
	const byRoom: Record<string, OccupantView[]> = {};
	for (const occupant of companyOccupancy(companyId)) {
		if (!visible.has(occupant.roomId)) continue;
		(byRoom[occupant.roomId] ??= []).push({
			userId: occupant.userId,
			name: occupant.name,
			houseName: occupant.houseName,
			roomDevice: occupant.roomDevice,
			since: occupant.since.getTime()
		});
	}
	return byRoom;
}

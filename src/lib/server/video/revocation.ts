// Calls end with access, through the RoomService (LiveKit or the embedded media server alike).
//
// - Membership ends (removed, or left): the person is taken out of every active room of the
//   company, and the embedded media server refuses their older tokens at the door
//   (media-admission.ts).
// - A session ends (log-out, password change, "sign out everywhere else"): only the call joined
//   with a token of that session ends. A LiveKit identity is the person, not the device, so
//   removing the identity would also cut the call they have open on the device they are still
//   signed in on; tokens therefore carry a tag of their session (tokens.ts, SESSION_ATTRIBUTE).
// - A company's agreement at a house ends: the company's room at that house closes (rooms.ts),
//   and a call going on in it ends for everyone in it.
// - A token minted before either (valid for up to TOKEN_TTL_SECONDS) cannot keep anyone in a
//   call: on the participant_joined webhook, a participant who is not a member, or whose session
//   has ended, is removed at once. This is the check that works with an external LiveKit too.
import { eq, inArray, sql } from 'drizzle-orm';
import type { ParticipantInfo, WebhookEvent } from 'livekit-server-sdk';
import { onAccessEnded, type AccessEnded } from '../auth/access-ended';
import { listUserSessions } from '../auth/session';
import { isMember } from '../companies/members';
import { getDb } from '../db';
import { memberships, rooms, users } from '../db/schema';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { roomService } from './livekit';
import { revokeMediaAdmission } from './media-admission';
import { isNotFound } from './livekit';
import { moderate } from './moderation';
import { companyHouseRooms, liveKitRoomName, roomByLiveKitName, roomClosed } from './rooms';
import { callSessionTag, SESSION_ATTRIBUTE } from './tokens';

type CallRoom = { id: string; companyId: string; livekitName: string };

function isUser(identity: string): boolean {
	return (
		getDb()
			.select({ n: sql<number>`1` })
			.from(users)
			.where(eq(users.id, identity))
			.get() !== undefined
	);
}

/** Those of `known` the media server has open (a company keeps many empty rooms). */
async function openOnes(known: CallRoom[]): Promise<CallRoom[]> {
	const service = roomService();
	if (!service || known.length === 0) return [];
	const open = new Set(
		(await service.listRooms(known.map((room) => room.livekitName))).map((room) => room.name)
	);
	return known.filter((room) => open.has(room.livekitName));
}

/** The rooms of these companies the media server has open. */
async function activeRooms(companyIds: string[]): Promise<CallRoom[]> {
	if (!roomService() || companyIds.length === 0) return [];
	return openOnes(
		getDb()
			.select({ id: rooms.id, companyId: rooms.companyId, livekitName: rooms.livekitName })
			.from(rooms)
			.where(inArray(rooms.companyId, companyIds))
			.all()
	);
}

/** Removes the person from every active room of the company (presence and pages follow). */
export async function removeFromCompanyCalls(companyId: string, userId: string): Promise<void> {
	const active = await activeRooms([companyId]);
	// 'not_in_room' is the usual answer; a failure is logged by moderate().
	await Promise.all(active.map((room) => moderate(companyId, room, 'remove', userId)));
}

/** Removes the person from the calls they joined with a token of one of these sessions. */
export async function removeSessionsFromCalls(
	userId: string,
	sessionIds: ReadonlySet<string>
): Promise<void> {
	const service = roomService();
	if (!service) return;
	const tags = new Set([...sessionIds].map(callSessionTag));
	const companyIds = getDb()
		.select({ companyId: memberships.companyId })
		.from(memberships)
		.where(eq(memberships.userId, userId))
		.all()
		.map((row) => row.companyId);
	const removeIfTagged = async (room: CallRoom) => {
		let participant: ParticipantInfo;
		try {
			participant = await service.getParticipant(room.livekitName, userId);
		} catch (error) {
			if (isNotFound(error)) return;
			throw error;
		}
		if (!tags.has(participant.attributes[SESSION_ATTRIBUTE] ?? '')) return;
		await moderate(room.companyId, room, 'remove', userId);
	};
	await Promise.all((await activeRooms(companyIds)).map(removeIfTagged));
}

/** Ends the call going on in the company's room at a house it no longer works at. */
export async function endHouseCalls(companyId: string, houseId: string): Promise<void> {
	if (!roomService()) return;
	const open = await openOnes(companyHouseRooms(companyId, houseId));
	await Promise.all(open.map((room) => moderate(companyId, room, 'end', '')));
}

/**
 * Why a participant may not stay, or null: anyone in a room that has closed (archived, or a
 * house's room its company left), a person who is not a member of the room's company, or
 * who joined with a token of a session that has ended. Identities that are nobody's user id come
 * from the operator's own tools (a recorder, an agent, signed with the same keys): left alone, as
 * is a person's participant without a session tag (judged by membership alone).
 */
function refusal(
	room: { id: string; companyId: string },
	participant: ParticipantInfo
): string | null {
	if (!isUser(participant.identity)) return null;
	const companyId = room.companyId;
	if (roomClosed(room.id)) return 'room closed';
	if (!isMember(companyId, participant.identity)) return 'not a member';
	const tag = participant.attributes[SESSION_ATTRIBUTE];
	if (tag === undefined) return null;
	const live = listUserSessions(participant.identity).some(
		(session) => callSessionTag(session.id) === tag
	);
	return live ? null : 'session ended';
}

/**
 * After a participant_joined event: a participant who may not be there (a token minted before
 * their removal or log-out) is removed at once. Returns whether it was.
 */
export async function removeIfNotAllowed(event: WebhookEvent): Promise<boolean> {
	const participant = event.participant;
	const roomName = event.room?.name;
	if (event.event !== 'participant_joined' || !participant?.identity || !roomName) return false;
	const room = roomByLiveKitName(roomName);
	if (!room) return false;
	const reason = refusal(room, participant);
	if (!reason) return false;
	logger().warn({ room: room.id, reason }, 'a participant joined with an outdated token: removed');
	const outcome = await moderate(
		room.companyId,
		{ id: room.id, livekitName: roomName },
		'remove',
		participant.identity
	);
	return outcome === 'ok';
}

function endCalls(ended: AccessEnded): Promise<void> {
	if (ended.kind === 'sessions') return removeSessionsFromCalls(ended.userId, ended.sessionIds);
	// An operator's staff have no calls as such: their companies' calls follow those memberships.
	if (ended.kind === 'operator-membership') return Promise.resolve();
	if (ended.kind === 'house') return endHouseCalls(ended.companyId, ended.houseId);
	revokeMediaAdmission({
		roomPrefix: liveKitRoomName(ended.companyId, ''),
		identity: ended.userId,
		at: Date.now()
	});
	return removeFromCompanyCalls(ended.companyId, ended.userId);
}

/** Ends the calls of access that ends, from now on (once per process). */
export function endCallsWithAccess(): void {
	processSingleton('hameau.video.revocation', () =>
		onAccessEnded((ended) => {
			endCalls(ended).catch((error: unknown) =>
				logger().error({ err: error, kind: ended.kind }, 'calls of ended access not ended')
			);
		})
	);
}

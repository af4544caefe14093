// Honest attendance: who was in the stand-up's video room during the live round, from the visits
// copied out of room_presence (LiveKit webhooks), not from who pressed "join". Pure, so it is
// tested from a fixed data set; rounds.ts records its result when a run ends.
import {
	compareParticipants,
	type Participant,
	type RunState,
	type Speaker
} from '../../standups/run-machine';

/** One stay in the stand-up's room: from `joinedAt` to `leftAt` (null: still there). */
export type Visit = { userId: string; joinedAt: number; leftAt: number | null };

/**
 * present: in the room at some point between the start and the end of the round, and there before
 * their turn came; late: first there after it came; absent: never there during the round.
 */
export type AttendanceMark = 'present' | 'late' | 'absent';

/**
 * When the round reached someone's place in the speaking order: the first time the floor went to
 * them or to anyone whose place is after theirs (houses by name, then names). null when the round
 * ended before reaching it. Late joiners are slotted in after their place, so their own turn does
 * not count when someone after their place spoke first.
 */
export function turnCameAt(person: Participant, speakers: readonly Speaker[]): number | null {
	let earliest: number | null = null;
	for (const speaker of speakers) {
		const at = speaker.turnAt ?? null;
		if (at === null) continue;
		if (speaker.userId !== person.userId && compareParticipants(person, speaker) >= 0) continue;
		if (earliest === null || at < earliest) earliest = at;
	}
	return earliest;
}

/** When `userId` was first in the room during [from, to], or null when they never were. */
export function firstSeenDuring(
	visits: readonly Visit[],
	userId: string,
	from: number,
	to: number
): number | null {
	let first: number | null = null;
	for (const visit of visits) {
		if (visit.userId !== userId) continue;
		if (visit.joinedAt > to || (visit.leftAt !== null && visit.leftAt < from)) continue;
		const seen = Math.max(visit.joinedAt, from);
		if (first === null || seen < first) first = seen;
	}
	return first;
}

/**
 * Everyone expected at an ended (or live) round — its speakers and absentees — with their mark.
 * A round still live counts up to `now`.
 */
export function attendanceMarks(
	state: RunState,
	visits: readonly Visit[],
	now = Date.now()
): Array<Participant & { mark: AttendanceMark }> {
	const people: Participant[] = [...state.speakers, ...state.absent];
	if (state.startedAt === null) return people.map((p) => ({ ...participant(p), mark: 'absent' }));
	const from = state.startedAt;
	const to = state.endedAt ?? now;
	return people.map((person) => {
		const seen = firstSeenDuring(visits, person.userId, from, to);
		if (seen === null) return { ...participant(person), mark: 'absent' };
		const turn = turnCameAt(person, state.speakers);
		return { ...participant(person), mark: turn !== null && seen > turn ? 'late' : 'present' };
	});
}

function participant({ userId, name, houseId, houseName }: Participant): Participant {
	return { userId, name, houseId, houseName };
}

// What the stand-up pages and the board's card show, shaped once for them.
import { ownTimeZone } from '../houses/person-time-zone';
import {
	companyPeople,
	participantsOf,
	runAnswers,
	runState,
	currentRun,
	getStandup
} from './standups';
import { listStandups, scheduleOf, type StandupDetail } from './standups';
import { seenFrom, upcomingOccurrences } from './schedule';

/**
 * The clock the member reads a stand-up's times on beside the stand-up's own: their home house's,
 * else their profile's (someone working from home has no home house), or null with neither.
 */
export function viewerTimeZone(companyId: string, userId: string): string | null {
	return ownTimeZone(companyId, userId)?.timeZone ?? null;
}

/** An instant as the stand-up's zone and the viewer's zone read it. */
export function when(instant: number, standupZone: string, viewerZone: string | null) {
	const there = seenFrom(instant, standupZone);
	const here = viewerZone && viewerZone !== standupZone ? seenFrom(instant, viewerZone) : null;
	return { at: instant, there, here, viewerZone: here ? viewerZone : null };
}

/** One stand-up as a card: its schedule, its current run and who has answered. */
export function standupCard(
	detail: StandupDetail,
	userId: string,
	viewerZone: string | null,
	now: number,
	people = companyPeople(detail.standup.companyId)
) {
	const { standup } = detail;
	const participants = participantsOf(detail, people);
	const run = currentRun(standup, now);
	const answers = run ? runAnswers(run.id) : [];
	const answered = new Set(answers.filter((a) => a.submittedAt !== null).map((a) => a.userId));
	// The next occurrence still to be held: one held early, or under way, is not "next".
	const next = upcomingOccurrences(scheduleOf(standup), now, 2).find(
		(occurrence) => !(run && run.date === occurrence.date && run.status !== 'open')
	);
	return {
		id: standup.id,
		name: standup.name,
		days: standup.days,
		time: standup.time,
		timeZone: standup.timeZone,
		participating: participants.some((p) => p.userId === userId),
		participantCount: participants.length,
		answeredCount: participants.filter((p) => answered.has(p.userId)).length,
		iAnswered: answered.has(userId),
		next: next ? { date: next.date, ...when(next.startsAt, standup.timeZone, viewerZone) } : null,
		run: run
			? {
					id: run.id,
					date: run.date,
					status: run.status,
					startsAt: when(run.startsAt.getTime(), standup.timeZone, viewerZone)
				}
			: null,
		live: run ? runState(run).status === 'live' : false
	};
}

export type StandupCard = ReturnType<typeof standupCard>;

const onBoard = (card: StandupCard) => card.participating && card.run !== null;

/** The cards of the company's stand-ups the member takes part in, whose card is open now. */
export function boardStandups(companyId: string, userId: string, now = Date.now()): StandupCard[] {
	const standups = listStandups(companyId);
	if (standups.length === 0) return [];
	const zone = viewerTimeZone(companyId, userId);
	// The company's people once for all the cards, not once a card.
	const people = companyPeople(companyId);
	return standups
		.map((standup) => getStandup(companyId, standup.id)!)
		.map((detail) => standupCard(detail, userId, zone, now, people))
		.filter(onBoard);
}

/** One stand-up's card on the member's board now, or null when the board does not show it. */
export function boardStandupCard(
	detail: StandupDetail,
	companyId: string,
	userId: string,
	now = Date.now()
): StandupCard | null {
	const card = standupCard(detail, userId, viewerTimeZone(companyId, userId), now);
	return onBoard(card) ? card : null;
}

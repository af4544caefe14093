// Stand-up notifications: answers open (checked once a minute, since runs are made lazily when
// someone looks), the live round started, each owner's blockers carried over into a run, and, in
// the same minute check, runs nobody started closed as not held (their writers are told there).
import { and, eq, isNull, lt } from 'drizzle-orm';
import { getDb } from '../db';
import { blockers, memberships, standupRuns, standups } from '../db/schema';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { upcomingOccurrences } from '../standups/schedule';
import { closeOverdueRuns } from '../standups/unheld';
import { getStandup, participantsOf, scheduleOf, type StandupDetail } from '../standups/standups';
import { companySlug, notify, notifyAll } from './notifications';

function standupLink(companyId: string, standupId: string): string {
	return `/${companySlug(companyId)}/standups/${standupId}`;
}

/**
 * Tells the participants of every stand-up whose answers window is open and whose round has not
 * started yet. Each occurrence notifies once (its date is in the key), however often this runs.
 */
export function notifyOpenedStandups(now = Date.now()): number {
	let notified = 0;
	const active = getDb().select().from(standups).where(isNull(standups.archivedAt)).all();
	for (const standup of active) {
		const [next] = upcomingOccurrences(scheduleOf(standup), now, 1);
		if (!next || next.startsAt - standup.opensMinutesBefore * 60_000 > now) continue;
		const held = getDb()
			.select({ status: standupRuns.status })
			.from(standupRuns)
			.where(and(eq(standupRuns.standupId, standup.id), eq(standupRuns.date, next.date)))
			.get();
		if (held && held.status !== 'open') continue;
		const detail = getStandup(standup.companyId, standup.id);
		if (!detail) continue;
		const link = standupLink(standup.companyId, standup.id);
		notified += notify(
			participantsOf(detail).map((p) => p.userId),
			'standup_open',
			{
				companyId: standup.companyId,
				payload: { standup: standup.name },
				link,
				dedupeKey: `standup_open:${standup.id}:${next.date}`
			}
		).length;
		notified += notifyCarriedBlockers(detail, next.date, link);
	}
	return notified;
}

/** The owners of blockers raised at an earlier run, still open, as the run of `date` opens. */
function notifyCarriedBlockers(detail: StandupDetail, date: string, link: string): number {
	const carried = getDb()
		.select({ id: blockers.id, text: blockers.text, ownerId: blockers.ownerId })
		.from(blockers)
		.innerJoin(standupRuns, eq(standupRuns.id, blockers.raisedInRunId))
		// Owners still in the company: someone who left kept their blockers' ownership, and was
		// pushed the company's blocker at each run (the centre and emails hid it, push did not).
		.innerJoin(
			memberships,
			and(eq(memberships.userId, blockers.ownerId), eq(memberships.companyId, blockers.companyId))
		)
		.where(
			and(
				eq(blockers.standupId, detail.standup.id),
				eq(blockers.state, 'open'),
				lt(standupRuns.date, date)
			)
		)
		.all();
	return notifyAll(
		carried.flatMap((blocker) =>
			blocker.ownerId
				? {
						userIds: [blocker.ownerId],
						kind: 'blocker_carried' as const,
						event: {
							companyId: detail.standup.companyId,
							payload: { blocker: blocker.text, standup: detail.standup.name },
							link,
							dedupeKey: `blocker_carried:${blocker.id}:${date}`
						}
					}
				: []
		)
	).length;
}

/** The round of `runId` went live: every participant but the one who started it. */
export function notifyRoundStarted(detail: StandupDetail, runId: string, starterId: string): void {
	notify(
		participantsOf(detail)
			.map((p) => p.userId)
			.filter((id) => id !== starterId),
		'standup_live',
		{
			companyId: detail.standup.companyId,
			payload: { standup: detail.standup.name },
			link: standupLink(detail.standup.companyId, detail.standup.id),
			dedupeKey: `standup_live:${runId}`
		}
	);
}

/**
 * Starts the once-a-minute check for opening stand-ups and runs past their last start
 * (idempotent; never keeps the process up).
 */
export function ensureStandupNotices(intervalMs = 60_000): void {
	processSingleton('hameau.notifications.standups', () =>
		setInterval(() => {
			try {
				notifyOpenedStandups();
			} catch (error) {
				logger().error({ err: error }, 'stand-up notifications failed');
			}
			closeOverdueRuns().catch((error: unknown) =>
				logger().error({ err: error }, 'closing stand-up runs not held failed')
			);
		}, intervalMs).unref()
	);
}

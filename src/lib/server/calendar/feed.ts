// What a person's calendar feed holds, across their companies, read in a fixed number of queries
// whatever the number of companies, stand-ups or days: their stand-ups (one recurring event each,
// in the stand-up's zone), the meeting rooms with a time they may enter, and, when they asked for
// it, their week plan as all-day events. Every query joins the person's memberships, so a company
// that removed them drops out of the feed at the next fetch.
import { and, between, eq, isNull, sql } from 'drizzle-orm';
import { ofPlaceFrench } from '$lib/format';
import { DEFAULT_MEETING_MINUTES } from '$lib/meeting-length';
import { m } from '$lib/paraglide/messages';
import { getDb } from '../db';
import {
	companies,
	dayPlans,
	houses,
	memberships,
	planPatterns,
	standups,
	users,
	type Locale
} from '../db/schema';
import { resolveDay, type ResolvedPlace } from '../presence/plans';
import { takesPartIn } from '../standups/room-access';
import { upcomingOccurrences } from '../standups/schedule';
import { scheduledMeetingsFor } from '../video/rooms';
import { addDays, todayIn } from '../../zoned-time';
import { writeCalendar, type IcsEvent } from './ical';

/** The week plan covers these days around today. */
export const PLAN_DAYS_BEFORE = 28;
export const PLAN_DAYS_AFTER = 56;
/** Meeting rooms whose time is further back than this are left out. */
const MEETINGS_DAYS_BEFORE = 28;

type FeedContext = {
	/** Public origin of the links (ORIGIN, or the request's). */
	origin: string;
	now: number;
};

/** A stand-up as the feed writes it. */
export type FeedStandup = {
	id: string;
	name: string;
	days: number[];
	time: string;
	timeZone: string;
	speakerSeconds: number;
	createdAt: Date;
	participants: number;
	companySlug: string;
	companyName: string;
};

/** Every speaker's turn, rounded up to 5 minutes, between 5 minutes and 2 hours. */
export function standupMinutes(speakerSeconds: number, participants: number): number {
	const minutes = Math.ceil((speakerSeconds * Math.max(participants, 1)) / 60 / 5) * 5;
	return Math.min(Math.max(minutes, 5), 120);
}

const hostOf = (origin: string) => new URL(origin).host;

/**
 * One recurring event for a stand-up: weekly on its days at its wall time in its own zone, so
 * clients follow the zone's daylight-saving changes as the stand-up does. The series starts at
 * its first occurrence from its creation on (a DTSTART off the rule would count as an extra one).
 * Stand-ups have no cancelled occurrences, so there is no EXDATE to write.
 */
export function standupEvent(
	standup: FeedStandup,
	{ origin }: Pick<FeedContext, 'origin'>,
	locale: Locale
): IcsEvent | null {
	const schedule = { days: standup.days, time: standup.time, timeZone: standup.timeZone };
	const [first] = upcomingOccurrences(schedule, standup.createdAt.getTime(), 1);
	if (!first) return null;
	const url = `${origin}/${standup.companySlug}/standups/${standup.id}`;
	return {
		uid: `standup-${standup.id}@${hostOf(origin)}`,
		summary: standup.name,
		description: m.calendar_standup_description(
			{ company: standup.companyName, ofCompany: ofPlaceFrench(standup.companyName), url },
			{ locale }
		),
		url,
		location: url,
		start: { kind: 'zoned', date: first.date, time: standup.time, timeZone: standup.timeZone },
		durationMinutes: standupMinutes(standup.speakerSeconds, standup.participants),
		weeklyOn: standup.days
	};
}

/**
 * The person's active stand-ups across their companies: those they take part in (the same rule
 * as participantsOf) and those they set up, with each one's number of participants.
 */
function standupsOf(userId: string): FeedStandup[] {
	const takesPart = sql`(${standups.createdBy} = ${userId} or ${takesPartIn(userId)})`;
	const participants = sql<number>`case ${standups.audience}
		when 'everyone' then (
			select count(*) from memberships p where p.company_id = ${standups.companyId})
		when 'houses' then (
			select count(*) from memberships p
			inner join standup_houses h on h.house_id = p.home_house_id and h.standup_id = ${standups.id}
			where p.company_id = ${standups.companyId})
		else (
			select count(*) from standup_participants c
			inner join memberships p on p.user_id = c.user_id and p.company_id = ${standups.companyId}
			where c.standup_id = ${standups.id})
	end`;
	return getDb()
		.select({
			id: standups.id,
			name: standups.name,
			days: standups.days,
			time: standups.time,
			timeZone: standups.timeZone,
			speakerSeconds: standups.speakerSeconds,
			createdAt: standups.createdAt,
			participants,
			companySlug: companies.slug,
			companyName: companies.name
		})
		.from(standups)
		.innerJoin(
			memberships,
			and(eq(memberships.companyId, standups.companyId), eq(memberships.userId, userId))
		)
		.innerJoin(companies, eq(companies.id, standups.companyId))
		.where(and(isNull(standups.archivedAt), takesPart))
		.all();
}

function placeLabel(place: ResolvedPlace, houseNames: Map<string, string>, locale: Locale) {
	switch (place.kind) {
		case 'house':
			return (place.houseId && houseNames.get(place.houseId)) || null;
		case 'home':
			return m.calendar_plan_home({}, { locale });
		case 'travelling':
			return m.calendar_plan_travelling({}, { locale });
		case 'off':
			return m.calendar_plan_off({}, { locale });
		default:
			return null;
	}
}

/** "Maison Murat", or "Maison Murat (morning) · Remote (afternoon)" for a split day. */
function dayLabel(
	am: ResolvedPlace,
	pm: ResolvedPlace,
	houseNames: Map<string, string>,
	locale: Locale
): string | null {
	const morning = placeLabel(am, houseNames, locale);
	const afternoon = placeLabel(pm, houseNames, locale);
	if (morning === afternoon) return morning;
	return [
		morning && m.calendar_plan_morning({ place: morning }, { locale }),
		afternoon && m.calendar_plan_afternoon({ place: afternoon }, { locale })
	]
		.filter(Boolean)
		.join(' · ');
}

/** The person's week plan in each of their companies, one all-day event per company and day. */
function planEvents(
	userId: string,
	timeZone: string,
	{ origin, now }: FeedContext,
	locale: Locale
): IcsEvent[] {
	const db = getDb();
	const today = todayIn(timeZone, now);
	const from = addDays(today, -PLAN_DAYS_BEFORE);
	const to = addDays(today, PLAN_DAYS_AFTER);
	const member = (companyColumn: typeof dayPlans.companyId | typeof planPatterns.companyId) =>
		and(eq(memberships.companyId, companyColumn), eq(memberships.userId, userId));
	const plans = db
		.select({ plan: dayPlans, houseName: houses.name })
		.from(dayPlans)
		.innerJoin(memberships, member(dayPlans.companyId))
		.leftJoin(houses, eq(houses.id, dayPlans.houseId))
		.where(and(eq(dayPlans.userId, userId), between(dayPlans.date, from, to)))
		.all();
	const patterns = db
		.select({
			pattern: planPatterns,
			houseName: houses.name,
			companySlug: companies.slug,
			companyName: companies.name
		})
		.from(planPatterns)
		.innerJoin(memberships, member(planPatterns.companyId))
		.innerJoin(companies, eq(companies.id, planPatterns.companyId))
		.leftJoin(houses, eq(houses.id, planPatterns.houseId))
		.where(eq(planPatterns.userId, userId))
		.all();
	// Plans without a usual week still need their company's name and slug: the membership list.
	const companyRows = db
		.select({ id: companies.id, slug: companies.slug, name: companies.name })
		.from(memberships)
		.innerJoin(companies, eq(companies.id, memberships.companyId))
		.where(eq(memberships.userId, userId))
		.all();
	const houseNames = new Map<string, string>();
	for (const row of [...plans, ...patterns]) {
		const houseId = 'plan' in row ? row.plan.houseId : row.pattern.houseId;
		if (houseId && row.houseName) houseNames.set(houseId, row.houseName);
	}
	const several = companyRows.length > 1;
	const events: IcsEvent[] = [];
	for (const company of companyRows) {
		const own = plans.filter((row) => row.plan.companyId === company.id).map((row) => row.plan);
		const ownPatterns = patterns
			.filter((row) => row.pattern.companyId === company.id)
			.map((row) => row.pattern);
		if (own.length === 0 && ownPatterns.length === 0) continue;
		for (let date = from; date <= to; date = addDays(date, 1)) {
			const day = resolveDay(date, own, ownPatterns);
			const label = dayLabel(day.am, day.pm, houseNames, locale);
			if (!label) continue;
			events.push({
				uid: `plan-${company.id}-${date}@${hostOf(origin)}`,
				summary: several ? `${label} — ${company.name}` : label,
				description: m.calendar_plan_description({ company: company.name }, { locale }),
				url: `${origin}/${company.slug}/plan`,
				start: { kind: 'date', date },
				end: { kind: 'date', date: addDays(date, 1) },
				transparent: true
			});
		}
	}
	return events;
}

/**
 * The person's whole feed as iCalendar text. `includePlans` adds their week plan. Never reads
 * anyone else's plans, and only rows of companies the person is a member of now.
 */
export function feedCalendar(
	userId: string,
	includePlans: boolean,
	context: FeedContext
): string | null {
	const user = getDb()
		.select({ name: users.name, locale: users.locale, timeZone: users.timeZone })
		.from(users)
		.where(eq(users.id, userId))
		.get();
	if (!user) return null;
	const locale = user.locale ?? 'en';
	const events: IcsEvent[] = [];
	for (const standup of standupsOf(userId)) {
		const event = standupEvent(standup, context, locale);
		if (event) events.push(event);
	}
	const from = new Date(context.now - MEETINGS_DAYS_BEFORE * 86_400_000);
	for (const meeting of scheduledMeetingsFor(userId, from)) {
		const url = `${context.origin}/${meeting.companySlug}/rooms/${meeting.id}`;
		const intro = m.calendar_meeting_description(
			{ company: meeting.companyName, ofCompany: ofPlaceFrench(meeting.companyName), url },
			{ locale }
		);
		events.push({
			uid: `room-${meeting.id}@${hostOf(context.origin)}`,
			summary: meeting.name,
			description: meeting.description ? `${meeting.description}\n\n${intro}` : intro,
			url,
			location: url,
			start: { kind: 'utc', at: meeting.scheduledAt.getTime() },
			durationMinutes: meeting.durationMinutes ?? DEFAULT_MEETING_MINUTES
		});
	}
	if (includePlans) {
		events.push(...planEvents(userId, user.timeZone ?? 'UTC', context, locale));
	}
	return writeCalendar({
		name: m.calendar_feed_name({ name: user.name }, { locale }),
		events,
		now: context.now
	});
}

/** One stand-up as a calendar file of its own (the stand-up page's download). */
export function standupCalendar(standup: FeedStandup, context: FeedContext, locale: Locale) {
	const event = standupEvent(standup, context, locale);
	return writeCalendar({ name: standup.name, events: event ? [event] : [], now: context.now });
}

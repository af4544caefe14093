// A person's calendar feed, through its real endpoints (the handlers called with a request's
// parts) over a temporary database: what it holds across companies, what it never holds, and
// when its URL stops working.
import ICAL from 'ical.js';
import { isHttpError } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser, standupInput } from '../helpers/factories';
import type { Company, User } from '../../src/lib/server/db/schema';
import { issueFeedToken, setFeedIncludesPlans } from '../../src/lib/server/calendar/feeds';
import { removeMember } from '../../src/lib/server/companies/members';
import { setHomeHouse } from '../../src/lib/server/houses/houses';
import { setDayPlan } from '../../src/lib/server/presence/plans';
import { createStandup, type StandupInput } from '../../src/lib/server/standups/standups';
import { createMeetingRoom, setMeetingSchedule } from '../../src/lib/server/video/rooms';
import { addDays, todayIn } from '../../src/lib/zoned-time';
import { GET as feedGet } from '../../src/routes/calendar/[token].ics/+server';
import { GET as standupGet } from '../../src/routes/(app)/[company]/standups/[standup]/standup.ics/+server';

useTempDatabase();

let owner: User, ana: User, bruno: User, other: User;
let acme: Company, beta: Company;
let murat: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
	owner = await makeUser('Owner');
	ana = await makeUser('Ana');
	bruno = await makeUser('Bruno');
	other = await makeUser('Other');
	acme = makeCompany(owner, 'Acme');
	beta = makeCompany(other, 'Beta');
	addMember(acme, owner, ana, 'member');
	addMember(acme, owner, bruno, 'member');
	addMember(beta, other, ana, 'member');
	murat = makeHouse(acme, owner, { name: 'Maison Murat' }).id;
	setHomeHouse(acme.id, ana.id, murat);
	const asOwner = { userId: owner.id, role: 'owner' as const };
	const make = (
		company: Company,
		actor: { userId: string; role: 'owner' },
		input: StandupInput
	) => {
		const result = createStandup(company.id, actor, input);
		if (!result.ok) throw new Error(result.reason);
		return result.standup.id;
	};
	ids.daily = make(acme, asOwner, standupInput({ name: 'Daily; équipe, 🚀' }));
	ids.brunoOnly = make(
		acme,
		asOwner,
		standupInput({ name: 'Bruno only', audience: 'people', userIds: [bruno.id] })
	);
	ids.muratStandup = make(
		acme,
		asOwner,
		standupInput({ name: 'Murat house', audience: 'houses', houseIds: [murat], days: [2] })
	);
	ids.betaStandup = make(
		beta,
		{ userId: other.id, role: 'owner' },
		standupInput({ name: 'Beta weekly', days: [4], time: '16:00', timeZone: 'America/New_York' })
	);
	const soon = new Date(Date.now() + 3 * 86_400_000);
	const meeting = (name: string, access: 'everyone' | 'invited', invitees: string[]) =>
		createMeetingRoom(
			acme.id,
			{ userId: owner.id, role: 'owner' },
			{ name, description: '', access, invitees, schedule: { at: soon, durationMinutes: 45 } }
		).id;
	ids.anaMeeting = meeting('Budget review', 'invited', [ana.id]);
	ids.brunoMeeting = meeting('Bruno 1:1', 'invited', [bruno.id]);
	ids.openMeeting = meeting('Demo Friday', 'everyone', []);
	ids.untimed = createMeetingRoom(
		acme.id,
		{ userId: owner.id, role: 'owner' },
		{ name: 'No time', description: '', access: 'everyone', invitees: [] }
	).id;
});

const ORIGIN = 'https://hameau.example.org';

/** The feed endpoint's answer for a token, or the HTTP error it threw. */
async function fetchFeed(
	token: string
): Promise<{ status: number; body: string; headers?: Headers }> {
	try {
		const response = await feedGet({
			params: { token: `${token}` },
			url: new URL(`${ORIGIN}/calendar/${token}.ics`)
		} as unknown as Parameters<typeof feedGet>[0]);
		return { status: response.status, body: await response.text(), headers: response.headers };
	} catch (thrown) {
		if (isHttpError(thrown)) return { status: thrown.status, body: '' };
		throw thrown;
	}
}

function events(body: string) {
	const calendar = new ICAL.Component(ICAL.parse(body));
	for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
	return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
}

const uids = (body: string) => events(body).map((event) => event.uid.split('@')[0]);

describe('the calendar feed', () => {
	it('holds the person’s stand-ups and the timed meeting rooms they may enter, across companies', async () => {
		const token = issueFeedToken(ana.id);
		const answer = await fetchFeed(token);
		expect(answer.status).toBe(200);
		expect(answer.headers?.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(answer.headers?.get('cache-control')).toMatch(/^private/);
		expect(uids(answer.body).sort()).toEqual(
			[
				`standup-${ids.daily}`,
				`standup-${ids.muratStandup}`,
				`standup-${ids.betaStandup}`,
				`room-${ids.anaMeeting}`,
				`room-${ids.openMeeting}`
			].sort()
		);
		const daily = events(answer.body).find((e) => e.uid.startsWith(`standup-${ids.daily}`))!;
		expect(daily.summary).toBe('Daily; équipe, 🚀');
		expect(daily.startDate.zone.tzid).toBe('Europe/Paris');
		expect(String(daily.component.getFirstPropertyValue('rrule'))).toContain(
			'BYDAY=MO,TU,WE,TH,FR'
		);
		expect(daily.component.getFirstPropertyValue('url')).toMatch(
			new RegExp(`/${acme.slug}/standups/${ids.daily}$`)
		);
		const beta = events(answer.body).find((e) => e.uid.startsWith(`standup-${ids.betaStandup}`))!;
		expect(beta.startDate.zone.tzid).toBe('America/New_York');
		expect(answer.body).toContain('TZID:America/New_York');
		const budget = events(answer.body).find((e) => e.uid.startsWith(`room-${ids.anaMeeting}`))!;
		expect(budget.duration.toSeconds()).toBe(45 * 60);
	});

	it('never holds another person’s events', async () => {
		const answer = await fetchFeed(issueFeedToken(bruno.id));
		const found = uids(answer.body);
		expect(found).toContain(`standup-${ids.brunoOnly}`);
		expect(found).toContain(`room-${ids.brunoMeeting}`);
		expect(found).not.toContain(`room-${ids.anaMeeting}`);
		expect(found).not.toContain(`standup-${ids.betaStandup}`);
		// Bruno has no home house: the house's stand-up is not his.
		expect(found).not.toContain(`standup-${ids.muratStandup}`);
	});

	it('follows a meeting room’s time as its creator changes it; other members cannot', async () => {
		const token = issueFeedToken(bruno.id);
		expect(uids((await fetchFeed(token)).body)).not.toContain(`room-${ids.untimed}`);
		const at = new Date(Date.now() + 86_400_000);
		const asBruno = { userId: bruno.id, role: 'member' as const };
		expect(setMeetingSchedule(acme.id, asBruno, ids.untimed, { at, durationMinutes: 20 })).toBe(
			'forbidden'
		);
		const asOwner = { userId: owner.id, role: 'owner' as const };
		expect(setMeetingSchedule(acme.id, asOwner, ids.untimed, { at, durationMinutes: 20 })).toBe(
			'ok'
		);
		const room = events((await fetchFeed(token)).body).find((e) =>
			e.uid.startsWith(`room-${ids.untimed}`)
		)!;
		expect(room.startDate.toJSDate().getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
		expect(room.duration.toSeconds()).toBe(20 * 60);
		expect(setMeetingSchedule(acme.id, asOwner, ids.untimed, null)).toBe('ok');
		expect(uids((await fetchFeed(token)).body)).not.toContain(`room-${ids.untimed}`);
	});

	it('answers 404 to unknown and malformed tokens', async () => {
		expect((await fetchFeed('a'.repeat(32))).status).toBe(404);
		expect((await fetchFeed('not-a-token')).status).toBe(404);
		expect((await fetchFeed('')).status).toBe(404);
	});

	it('stops answering the old URL once reset', async () => {
		const first = issueFeedToken(other.id);
		expect((await fetchFeed(first)).status).toBe(200);
		const second = issueFeedToken(other.id);
		expect((await fetchFeed(first)).status).toBe(404);
		expect((await fetchFeed(second)).status).toBe(200);
	});

	it('lists the week plan as all-day events only when asked, and only the person’s own', async () => {
		const token = issueFeedToken(ana.id);
		const tomorrow = addDays(todayIn('UTC'), 1);
		setDayPlan(acme.id, ana.id, tomorrow, {
			split: false,
			whole: { kind: 'house', houseId: murat },
			note: ''
		});
		setDayPlan(acme.id, bruno.id, tomorrow, {
			split: false,
			whole: { kind: 'home', houseId: null },
			note: ''
		});
		expect(uids((await fetchFeed(token)).body).some((uid) => uid.startsWith('plan-'))).toBe(false);

		setFeedIncludesPlans(ana.id, true);
		const plans = events((await fetchFeed(token)).body).filter((e) => e.uid.startsWith('plan-'));
		expect(plans).toHaveLength(1);
		expect(plans[0].summary).toBe('Maison Murat — Acme');
		expect(plans[0].startDate.isDate).toBe(true);
		expect(plans[0].startDate.toString()).toBe(tomorrow);
		expect(plans[0].endDate.toString()).toBe(addDays(tomorrow, 1));
	});

	it('drops a company’s events once the person is removed from it', async () => {
		const token = issueFeedToken(ana.id);
		expect(uids((await fetchFeed(token)).body)).toContain(`standup-${ids.betaStandup}`);
		expect(removeMember(beta.id, { userId: other.id, role: 'owner' }, ana.id).ok).toBe(true);
		const after = uids((await fetchFeed(token)).body);
		expect(after).not.toContain(`standup-${ids.betaStandup}`);
		expect(after).toContain(`standup-${ids.daily}`);
	});
});

describe('one stand-up’s .ics download', () => {
	async function download(user: User, company: Company, standupId: string) {
		try {
			const response = await standupGet({
				params: { company: company.slug, standup: standupId },
				url: new URL(`${ORIGIN}/${company.slug}/standups/${standupId}/standup.ics`),
				locals: { user: { id: user.id, email: user.email, name: user.name, locale: null } }
			} as unknown as Parameters<typeof standupGet>[0]);
			return { status: response.status, body: await response.text(), headers: response.headers };
		} catch (thrown) {
			if (isHttpError(thrown)) return { status: thrown.status, body: '' };
			throw thrown;
		}
	}

	it('gives members the stand-up as one recurring event, and 404 to anyone else', async () => {
		const answer = await download(bruno, acme, ids.daily);
		expect(answer.status).toBe(200);
		expect(answer.headers?.get('content-disposition')).toMatch(/^attachment/);
		const [event] = events(answer.body);
		expect(event.summary).toBe('Daily; équipe, 🚀');
		expect(event.isRecurring()).toBe(true);
		expect(event.startDate.zone.tzid).toBe('Europe/Paris');
		expect(event.startDate.toString().slice(11, 16)).toBe('09:30');
		// Three members, a minute each: the round fits in 5 minutes.
		expect(event.duration.toSeconds()).toBe(5 * 60);

		expect((await download(other, acme, ids.daily)).status).toBe(404);
	});
});

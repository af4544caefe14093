// My week over real HTTP: a single day before the person's today keeps what it had, as the usual
// week's days do. Before, a day form posted for last Tuesday saved ("Saved: Tuesday 1 December").
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, type HttpClient } from '../helpers/client';
import { createHouse, join, signUp } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { dayPlans } from '../../src/lib/server/db/schema';
import { addDays, todayIn } from '../../src/lib/zoned-time';

let server: RunningServer;
let db: ServerDb;
let member: HttpClient;
let memberId: string;
let slug: string;
let houseId: string;

// Two days from UTC's date is past (or to come) in every time zone, whichever the person's is.
const past = () => addDays(todayIn('UTC'), -2);
const later = () => addDays(todayIn('UTC'), 2);

const plansOn = (date: string) =>
	db
		.select()
		.from(dayPlans)
		.where(and(eq(dayPlans.userId, memberId), eq(dayPlans.date, date)))
		.all();

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	const owner = await signUp(server.url, db, 'owner');
	slug = await owner.client.createCompany('Past Days');
	houseId = await createHouse(owner, db, slug, 'Maison du Puy', {
		commune: 'Murat',
		seats: '4',
		monthlyCost: '100'
	});
	const person = await signUp(server.url, db, 'member');
	member = person.client;
	memberId = person.id;
	await join(owner, slug, person, 'member');
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('planning one day', () => {
	it('refuses a day before today, beside its place, and saves nothing', async () => {
		const refused = await member.postForm(`/${slug}/plan?/saveDay`, {
			date: past(),
			whole: `house:${houseId}`,
			note: ''
		});
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain(
			'This day is past: it keeps what it had. Plan today or a later day.'
		);
		const halves = await member.postForm(`/${slug}/plan?/saveDay`, {
			date: past(),
			split: 'on',
			am: `house:${houseId}`,
			pm: 'home',
			note: ''
		});
		expect(halves.status).toBe(400);
		expect(plansOn(past())).toEqual([]);
	});

	it('puts a refused half-day’s error beside that half, and shows the day as halves', async () => {
		const date = later();
		const refused = await member.postForm(`/${slug}/plan?/saveDay`, {
			date,
			split: 'on',
			am: 'home',
			pm: 'house:nosuchhouse',
			note: ''
		});
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(html).toContain(`id="pm-${date}-error"`);
		expect(html).not.toContain(`id="am-${date}-error"`);
		// A place no form offers, refused as it is read: beside its half too.
		const malformed = await member.postForm(`/${slug}/plan?/saveDay`, {
			date,
			split: 'on',
			am: 'home',
			pm: 'house:No Such House',
			note: ''
		});
		expect(malformed.status).toBe(400);
		expect(await malformed.text()).toContain(`id="pm-${date}-error"`);
		expect(plansOn(date)).toEqual([]);
	});

	it('says so in the page language', async () => {
		const french = await member.postForm('/profile?/profile', { name: 'member', locale: 'fr' });
		expect(french.status, await explain(french)).toBe(200);
		try {
			const refused = await member.postForm(`/${slug}/plan?/saveDay`, {
				date: past(),
				whole: 'home',
				note: ''
			});
			expect(refused.status).toBe(400);
			expect(await refused.text()).toContain(
				'Ce jour est passé\u202f: il garde ce qu’il avait. Planifiez aujourd’hui ou un jour à venir.'
			);
		} finally {
			await member.postForm('/profile?/profile', { name: 'member', locale: 'en' });
		}
	});

	it('refuses to clear a day before today', async () => {
		const refused = await member.postForm(`/${slug}/plan?/clearDay`, { date: past() });
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('This day is past');
	});

	it('still saves and clears a day to come', async () => {
		const saved = await member.postForm(`/${slug}/plan?/saveDay`, {
			date: later(),
			whole: `house:${houseId}`,
			note: ''
		});
		expect(saved.status, await explain(saved)).toBe(200);
		expect(plansOn(later())).toMatchObject([{ kind: 'house', houseId, half: 'day' }]);
		const cleared = await member.postForm(`/${slug}/plan?/clearDay`, { date: later() });
		expect(cleared.status).toBe(200);
		expect(plansOn(later())).toEqual([]);
	});

	it('shows a past day of the week read-only', async () => {
		const page = await (await member.get(`/${slug}/plan?week=${past()}`)).text();
		expect(page).toContain(`data-testid="past-${past()}"`);
		expect(page).toContain('Past day: kept as it was.');
	});

	it('refuses a note for a day left on "Not set", beside the note, which comes back as typed', async () => {
		// "Not set" saves no plan (the usual week applies): the note was dropped while the page said
		// "Saved".
		const choices: Record<string, string>[] = [{ whole: '' }, { split: 'on', am: '', pm: '' }];
		for (const fields of choices) {
			const refused = await member.postForm(`/${slug}/plan?/saveDay`, {
				date: later(),
				...fields,
				note: 'Dentiste à 10 h'
			});
			expect(refused.status).toBe(400);
			const page = await refused.text();
			expect(page).toContain('Choose where you will be that day to keep a note for it.');
			expect(page).toContain('value="Dentiste à 10 h"');
			expect(plansOn(later())).toEqual([]);
		}
		// With a place, the note is kept.
		const saved = await member.postForm(`/${slug}/plan?/saveDay`, {
			date: later(),
			whole: 'home',
			note: 'Dentiste à 10 h'
		});
		expect(saved.status, await explain(saved)).toBe(200);
		expect(plansOn(later())).toMatchObject([{ kind: 'home', note: 'Dentiste à 10 h' }]);
		await member.postForm(`/${slug}/plan?/clearDay`, { date: later() });
	});
});

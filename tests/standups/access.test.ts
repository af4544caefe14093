// Stand-ups over real HTTP: a member of another company gets 404 for every stand-up page and
// action (a stand-up's existence never leaks), a plain member cannot set one up or change it,
// and bad setup input is answered with a 400 and a message next to the field.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { signUp } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { everyDayStandupFields } from '../helpers/standup-form';
import {
	standupAnswers,
	standupQuestions,
	standupRuns,
	standups
} from '../../src/lib/server/db/schema';

let server: RunningServer;
let db: ServerDb;

const person = (name: string) => signUp(server.url, db, name);

/** Posts a form with repeated fields (days, questions), as a browser sends it. */
function postPairs(client: HttpClient, path: string, pairs: Array<[string, string]>) {
	return client.request(path, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
		body: new URLSearchParams(pairs).toString()
	});
}

const setup = everyDayStandupFields;

let owner: Awaited<ReturnType<typeof person>>;
/** Joined through the sign-up form of an invitation, so not made by `person`. */
let member: { client: HttpClient; id: string };
let stranger: Awaited<ReturnType<typeof person>>;
let slug: string;
let strangerSlug: string;
let standupId: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	owner = await person('Owner');
	stranger = await person('Stranger');
	slug = await owner.client.createCompany('Village Coop');
	strangerSlug = await stranger.client.createCompany('Other Coop');
	const invited = await owner.client.postForm(`/${slug}/invitations?/create`, {
		role: 'member',
		email: '',
		expiresInDays: '7',
		uses: 'single'
	});
	const token = /\/invite\/([a-z0-9]+)/.exec(await invited.text())?.[1];
	member = { client: new HttpClient(server.url), id: '' };
	const email = uniqueEmail('member');
	const joined = await member.client.postForm(`/invite/${token}?/signup`, {
		name: 'Member',
		email,
		password: strongPassword('member')
	});
	expect(joined.status, await explain(joined)).toBe(303);

	const created = await postPairs(owner.client, `/${slug}/standups/new`, setup());
	expect(created.status, await explain(created)).toBe(303);
	standupId = created.headers.get('location')!.split('/').at(-1)!;
	expect(db.select().from(standups).where(eq(standups.id, standupId)).get()?.name).toBe('Daily');
});

afterAll(async () => {
	await server?.stop();
});

describe('another company', () => {
	it('gets 404 for the stand-up pages, under its own slug too', async () => {
		for (const path of [
			`/${slug}/standups`,
			`/${slug}/standups/${standupId}`,
			`/${slug}/standups/${standupId}/history`,
			`/${slug}/standups/${standupId}/edit`,
			`/${slug}/standups/${standupId}/card`,
			`/${strangerSlug}/standups/${standupId}`,
			`/${strangerSlug}/standups/${standupId}/history`
		]) {
			const response = await stranger.client.get(path);
			expect(response.status, path).toBe(404);
		}
	});

	it('gets 404 for every action and changes nothing', async () => {
		const run = await owner.client.get(`/${slug}/standups/${standupId}`);
		expect(run.status).toBe(200);
		const runRow = db.select().from(standupRuns).where(eq(standupRuns.standupId, standupId)).get();
		expect(runRow).toBeDefined();
		for (const [action, fields] of [
			['round', { runId: runRow!.id, command: 'start' }],
			['answer', { runId: runRow!.id, intent: 'submit' }],
			['addBlocker', { runId: runRow!.id, text: 'x', ownerId: stranger.id }]
		] as const) {
			for (const base of [slug, strangerSlug]) {
				const response = await stranger.client.postForm(
					`/${base}/standups/${standupId}?/${action}`,
					fields
				);
				expect(response.status, `${base} ${action}`).toBe(404);
			}
		}
		const after = db.select().from(standupRuns).where(eq(standupRuns.id, runRow!.id)).get();
		expect(after?.status).toBe('open');
	});
});

describe('a member', () => {
	it('cannot set up, change or archive a stand-up, nor start a manager-run one', async () => {
		expect((await member.client.get(`/${slug}/standups/new`)).status).toBe(403);
		expect((await postPairs(member.client, `/${slug}/standups/new`, setup())).status).toBe(403);
		const edit = await postPairs(
			member.client,
			`/${slug}/standups/${standupId}/edit?/save`,
			setup()
		);
		expect(edit.status).toBe(403);
		const archive = await member.client.postForm(`/${slug}/standups/${standupId}/edit?/archive`);
		expect(archive.status).toBe(403);
		const runRow = db.select().from(standupRuns).where(eq(standupRuns.standupId, standupId)).get();
		const start = await member.client.postForm(`/${slug}/standups/${standupId}?/round`, {
			runId: runRow!.id,
			command: 'start'
		});
		expect(start.status).toBe(409);
		expect(await start.text()).toContain('You may not run this stand-up.');
	});
});

describe('answers posted without the page', () => {
	it('are refused when every answer is empty, and nobody is counted as having answered', async () => {
		expect((await member.client.get(`/${slug}/standups/${standupId}`)).status).toBe(200);
		const runRow = db.select().from(standupRuns).where(eq(standupRuns.standupId, standupId)).get();
		const questions = db
			.select()
			.from(standupQuestions)
			.where(eq(standupQuestions.standupId, standupId))
			.all();
		expect(questions).toHaveLength(2);
		const blank = Object.fromEntries(questions.map((q) => [`answer-${q.id}`, ' ']));
		for (const fields of [blank, {}]) {
			const response = await member.client.postForm(`/${slug}/standups/${standupId}?/answer`, {
				runId: runRow!.id,
				intent: 'submit',
				...fields
			});
			expect(response.status).toBe(400);
			expect(await response.text()).toContain('Write at least one answer before submitting.');
		}
		const saved = db
			.select()
			.from(standupAnswers)
			.where(eq(standupAnswers.runId, runRow!.id))
			.all();
		expect(saved).toEqual([]);
	});
});

describe('the stand-up’s video room', () => {
	it('gives a token to its participants only: anyone else gets 404, like any closed room', async () => {
		const created = await postPairs(owner.client, `/${slug}/standups/new`, [
			...setup([['name', 'Owners only']]).filter(([key]) => key !== 'name' && key !== 'audience'),
			['name', 'Owners only'],
			['audience', 'people'],
			['userId', owner.id]
		]);
		expect(created.status, await explain(created)).toBe(303);
		const id = created.headers.get('location')!.split('/').at(-1)!;
		// The page creates the room on first visit, and offers it only to those who may enter.
		const ownerPage = await owner.client.get(`/${slug}/standups/${id}`);
		expect(ownerPage.status).toBe(200);
		expect(await ownerPage.text()).toContain('Open the stand-up room');
		const memberPage = await member.client.get(`/${slug}/standups/${id}`);
		expect(memberPage.status).toBe(200);
		expect(await memberPage.text()).not.toContain('Open the stand-up room');
		const roomId = db.select().from(standups).where(eq(standups.id, id)).get()?.roomId;
		expect(roomId).toBeTruthy();
		const token = (client: HttpClient) =>
			client.request(`/${slug}/rooms/${roomId}/token`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: server.url },
				body: '{}'
			});
		const mine = await token(owner.client);
		expect(mine.status, await explain(mine)).toBe(200);
		expect(((await mine.json()) as { token: string }).token).toMatch(/^ey/);
		expect((await token(member.client)).status).toBe(404);
		expect((await member.client.get(`/${slug}/rooms/${roomId}`)).status).toBe(404);
		expect(await (await member.client.get(`/${slug}/rooms`)).text()).not.toContain('Owners only');
		expect((await token(stranger.client)).status).toBe(404);
	});
});

describe('bad setup input', () => {
	it('is refused with a message next to each field', async () => {
		const response = await postPairs(owner.client, `/${slug}/standups/new`, [
			['name', ''],
			['audience', 'houses'],
			['time', '25:00'],
			['timeZone', 'Mars/Olympus'],
			['speakerSeconds', '5'],
			['runners', 'managers'],
			['opensHours', '12']
		]);
		expect(response.status).toBe(400);
		const html = await response.text();
		for (const message of [
			'Enter a time as HH:MM.',
			'Choose a time zone from the list.',
			'Between 15 and 600 seconds.',
			'Choose at least one day.',
			'Keep at least one question.'
		]) {
			expect(html).toContain(message);
		}
	});
});

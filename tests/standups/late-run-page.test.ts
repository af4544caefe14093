// A stand-up due at 09:30 that nobody started still read "Not started yet" with its Start button
// at 11:55, as if it were not due yet. A run stays the stand-up's current one, and may be started
// late, for 12 hours after its time; then the stand-up moves on and the run, never held, is in no
// history. The page now says so: late since when, and until when it can still be started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { signUpTeam, type HttpTeam } from '../helpers/people';
import { createDailyStandup, utcTime } from './http-support';

let server: RunningServer;
let db: ServerDb;
let team: HttpTeam;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	team = await signUpTeam(server.url, db, { owner: 'Odile', company: 'Coopérative du Cantal' });
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

/** Sets up a stand-up held every day at `time` UTC and returns its page's HTML. */
async function standupPage(name: string, time: string): Promise<string> {
	const path = await createDailyStandup(team.owner.client, team.slug, { name, time });
	const page = await team.owner.client.get(path);
	expect(page.status, await explain(page)).toBe(200);
	return page.text();
}

/** The page's text, tags and the typographic spaces aside. */
const text = (html: string) =>
	html
		.replace(/<[^>]*>/g, ' ')
		.replace(/&nbsp;|[\u00a0\u202f]/g, ' ')
		.replace(/\s+/g, ' ');

describe('a stand-up’s round before it is started', () => {
	it('says a run past its time is late, and until when it can still be started', async () => {
		const due = utcTime(-145);
		const until = utcTime(-145 + 12 * 60);
		const page = text(await standupPage('Point en retard', due));
		expect(page).toMatch(
			new RegExp(`Not started yet, though it was due \\w+ ${due} \\(UTC\\) · 0 people have joined`)
		);
		expect(page).toMatch(new RegExp(`It can still be started until \\w+ ${until} \\(UTC\\)\\.`));
		expect(page).toContain('the answers written for it are kept in its history');
		expect(page).toContain('Start the stand-up');
	});

	it('says only “not started yet” before its time', async () => {
		const page = text(await standupPage('Point à venir', utcTime(180)));
		expect(page).toContain('Not started yet · 0 people have joined');
		expect(page).not.toContain('though it was due');
		expect(page).not.toContain('It can still be started until');
		expect(page).toContain('Start the stand-up');
	});
});

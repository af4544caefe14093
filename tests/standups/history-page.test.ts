// A stand-up's history page over real HTTP, read in French and in English: its table of past
// stand-ups writes each date out as the rest of the app does ("1er décembre 2026"), where it
// showed the stored "2026-12-01".
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { signUp, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let db: ServerDb;
let owner: Person;
let slug: string;
let standupId: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	owner = await signUp(server.url, db, 'Odile');
	slug = await owner.client.createCompany('Coopérative du Causse');
	standupId = await createStandup('Point du matin');
	// Runs held on the first of a month and the day before: the app cannot hold them in a test.
	const sqlite = new Database(server.dbPath);
	sqlite.pragma('busy_timeout = 5000');
	try {
		const { id: companyId } = sqlite
			.prepare('select company_id as id from standups where id = ?')
			.get(standupId) as { id: string };
		for (const date of ['2026-12-01', '2026-11-30']) {
			const at = Date.parse(`${date}T08:30:00Z`);
			sqlite
				.prepare(
					`insert into standup_runs (id, standup_id, company_id, date, starts_at, status, state,
					 started_at, ended_at) values (?, ?, ?, ?, ?, 'ended', '{}', ?, ?)`
				)
				.run(`run-${date}`, standupId, companyId, date, at, at, at + 15 * 60_000);
			sqlite
				.prepare(
					`insert into standup_attendance (run_id, user_id, attended, answered_on_time, late)
					 values (?, ?, 1, 1, 0)`
				)
				.run(`run-${date}`, owner.id);
		}
	} finally {
		sqlite.close();
	}
});

/** Sets up a stand-up on Mondays through the form; returns its id. */
async function createStandup(name: string): Promise<string> {
	const created = await owner.client.request(`/${slug}/standups/new`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
		body: new URLSearchParams([
			['name', name],
			['audience', 'everyone'],
			['day', '1'],
			['time', '09:30'],
			['timeZone', 'Europe/Paris'],
			['question', 'Hier ?'],
			['speakerSeconds', '90'],
			['runners', 'managers'],
			['opensHours', '12']
		]).toString()
	});
	expect(created.status, await explain(created)).toBe(303);
	return created.headers.get('location')!.split('/').at(-1)!;
}

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

/** The history page's HTML as the owner reads it in `locale`. */
async function historyPage(locale: 'en' | 'fr', standup = standupId): Promise<string> {
	const sqlite = new Database(server.dbPath);
	sqlite.pragma('busy_timeout = 5000');
	try {
		sqlite.prepare('update users set locale = ? where id = ?').run(locale, owner.id);
	} finally {
		sqlite.close();
	}
	const page = await owner.client.get(`/${slug}/standups/${standup}/history`);
	expect(page.status, await explain(page)).toBe(200);
	return page.text();
}

/** The text of the history table's first column, one cell a run. */
async function runDates(locale: 'en' | 'fr'): Promise<string[]> {
	const html = await historyPage(locale);
	const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
	return [...body.matchAll(/<tr[^>]*>\s*<td[^>]*>([\s\S]*?)<\/td>/g)].map((row) =>
		row[1]
			.replace(/<[^>]*>/g, '')
			.replace(/\s+/g, ' ')
			.trim()
	);
}

describe('the history of a stand-up', () => {
	it('writes its runs’ dates out in French with their weekday, the first of a month as “1er”', async () => {
		// The weekday: a team reads its stand-ups by the day of the week they fall on.
		expect(await runDates('fr')).toEqual(['mar. 1er décembre 2026', 'lun. 30 novembre 2026']);
	});

	it('writes them out in English too', async () => {
		expect(await runDates('en')).toEqual(['Tue 1 December 2026', 'Mon 30 November 2026']);
	});

	it('writes its shares as each language does: “100 %” in French, “100%” in English', async () => {
		// French puts a no-break space before the sign (narrow or not, as the server's Intl has it).
		expect(await historyPage('fr')).toMatch(/Odile\u202f: 2 sur 2 \(100[\u00a0\u202f]%\)/);
		expect(await historyPage('en')).toContain('Odile: 2 of 2 (100%)');
	});

	it('shows no empty tables before the first stand-up is held, only the sentence that says so', async () => {
		// Found on a tour: three headings with nothing under them read as a page that failed.
		const html = await historyPage('en', await createStandup('Point du soir'));
		expect(html).toContain('No stand-up has been held yet.');
		expect(html).not.toContain('Past stand-ups');
		expect(html).not.toContain('Attendance per person');
		expect(html).not.toContain('Attendance per house');
		// What is still open is worth showing whatever the runs.
		expect(html).toContain('Open blockers by age');
	});

	it('lists a stand-up nobody started as not held, with the answers written for it', async () => {
		const unheld = await createStandup('Point du midi');
		// A Monday run, long past its last start, never started, with one answer sent ahead.
		const sqlite = new Database(server.dbPath);
		sqlite.pragma('busy_timeout = 5000');
		try {
			const { id: companyId } = sqlite
				.prepare('select company_id as id from standups where id = ?')
				.get(unheld) as { id: string };
			const at = Date.parse('2026-11-23T08:30:00Z');
			sqlite
				.prepare(
					`insert into standup_runs (id, standup_id, company_id, date, starts_at, status, state)
					 values ('run-unheld', ?, ?, '2026-11-23', ?, 'open', '{}')`
				)
				.run(unheld, companyId, at);
			sqlite
				.prepare(
					`insert into standup_answers (run_id, user_id, answers, submitted_at, updated_at)
					 values ('run-unheld', ?, ?, ?, ?)`
				)
				.run(
					owner.id,
					JSON.stringify([{ questionId: 'q', question: 'Hier ?', text: 'Le dossier de la gare' }]),
					at - 3600_000,
					at - 3600_000
				);
		} finally {
			sqlite.close();
		}
		const html = await historyPage('en', unheld);
		expect(html).toContain('No stand-up has been held yet.');
		const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
		expect(body).toContain('Mon 23 November 2026');
		expect(body).toContain('Not held');
		const link = body.match(/href="([^"]+)"[^>]*>Open the written answers</);
		expect(link).not.toBeNull();
		// No attendance is counted for it.
		expect(html).not.toContain('Attendance per person');
		expect(await historyPage('fr', unheld)).toContain('N’a pas eu lieu');

		// The stand-up's own page points to them too (in French, the page's language now): no run
		// was held since.
		const standupPage = await owner.client.get(`/${slug}/standups/${unheld}`);
		expect(standupPage.status, await explain(standupPage)).toBe(200);
		const text = (await standupPage.text()).replace(/<!--[^>]*-->/g, '');
		// A recent day, weekday first; its year only once it is not this year's.
		const year = new Date().getFullYear() === 2026 ? '' : ' 2026';
		expect(text).toContain(
			`Le stand-up du lundi 23 novembre${year} n’a pas eu lieu\u202f: personne ne l’a lancé.`
		);
		expect(text).toContain(`href="${link![1]}">Ouvrir les réponses écrites</a>`);

		// The notes hold the answer, for everyone in the company to read.
		const notes = await owner.client.get(`${link![1]}/export.md`);
		expect(notes.status, await explain(notes)).toBe(200);
		expect(await notes.text()).toContain('Hier ? — Le dossier de la gare');
	});
});

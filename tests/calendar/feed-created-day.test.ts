// "Your calendar address has been active since {date}": the day the feed was made, on the
// person's clock. It was the UTC day (toISOString), a day early or late for someone far from UTC,
// or in Paris between midnight and one or two in the morning.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { signUp, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let db: ServerDb;
let person: Person;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	person = await signUp(server.url, db, 'Tama');
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('the calendar feed’s day of creation', () => {
	it('is the day on the person’s clock, not in UTC', async () => {
		const zone = await person.client.postForm('/profile?/profile', {
			name: 'Tama',
			locale: 'en',
			timeZone: 'Pacific/Auckland'
		});
		expect(zone.status, await explain(zone)).toBe(200);
		const made = await person.client.postForm('/profile?/calendarFeed', {});
		expect(made.status, await explain(made)).toBe(200);
		// Made at 12:00 UTC on 1 March: 01:00 on 2 March in Auckland.
		const writer = new Database(server.dbPath);
		try {
			writer
				.prepare('update calendar_feeds set created_at = ? where user_id = ?')
				.run(Date.parse('2026-03-01T12:00:00Z'), person.id);
		} finally {
			writer.close();
		}
		const page = await (await person.client.get('/profile')).text();
		// The year is said only when it is not this one.
		expect(page).toMatch(/active since Monday 2 March[ .]/);
		expect(page).not.toMatch(/active since Sunday 1 March/);
	});
});

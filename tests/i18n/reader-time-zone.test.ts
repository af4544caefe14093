// Times a page writes without naming a clock are read on the reader's: the zone of their profile,
// request by request (reader-zone.ts, hooks.server.ts). Before, the server wrote them in its own
// (UTC) — an invitation's expiry an hour early for someone in Paris in winter.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

/** Someone whose profile is on `timeZone`, with a company and one invitation link of it. */
async function managerOn(timeZone: string, tag: string) {
	const client = new HttpClient(server.url);
	const response = await client.postForm('/signup', {
		name: `Manager ${tag}`,
		email: `manager-${tag}@zones.example`,
		password: 'a long password for the zones',
		timeZone
	});
	expect(response.status).toBe(303);
	const slug = await client.createCompany(`Zones ${tag}`);
	const created = await client.postForm(`/${slug}/invitations?/create`, {
		role: 'member',
		uses: 'multi'
	});
	expect(created.status).toBe(200);
	return { client, slug };
}

function expiryOf(slug: string): number {
	const db = new Database(server.dbPath, { readonly: true });
	try {
		const row = db
			.prepare(
				`select invitations.expires_at as at from invitations
				 join companies on companies.id = invitations.company_id where companies.slug = ?`
			)
			.get(slug) as { at: number };
		return row.at;
	} finally {
		db.close();
	}
}

/** "11 Dec 2026, 21:40" on `timeZone`, as the page writes a date with its time (day first). */
const onClock = (at: number, timeZone: string) =>
	new Intl.DateTimeFormat('en-GB', {
		dateStyle: 'medium',
		timeStyle: 'short',
		hourCycle: 'h23',
		timeZone
	}).format(at);

describe('times on a page', () => {
	it('are on the clock of each reader’s profile, whoever else is served at the same time', async () => {
		const auckland = await managerOn('Pacific/Auckland', 'nz');
		const newYork = await managerOn('America/New_York', 'ny');
		const [nzPage, nyPage] = await Promise.all(
			[auckland, newYork].map(({ client, slug }) =>
				client.get(`/${slug}/invitations`).then((page) => page.text())
			)
		);
		const nzExpiry = expiryOf(auckland.slug);
		const nyExpiry = expiryOf(newYork.slug);
		// Twelve hours and more apart: the two clocks never write the same time of day.
		expect(nzPage).toContain(`Expires ${onClock(nzExpiry, 'Pacific/Auckland')}`);
		expect(nyPage).toContain(`Expires ${onClock(nyExpiry, 'America/New_York')}`);
		expect(nzPage).not.toContain(`Expires ${onClock(nzExpiry, 'UTC')}`);
	});
});

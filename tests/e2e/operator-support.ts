// Helpers for the browser tests of an operated house: the months as the house's clock reads them,
// the statement's arithmetic done again by hand, check-ins moved into a past month, and a
// downloaded statement's rows.
import { expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { openE2eDatabase } from './support';

/** "2026-12-03": today's date on the clock of `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

/** "2026-10": the month `offset` months from the one `date` ("YYYY-MM-DD") is in. */
export function monthFrom(date: string, offset: number): string {
	const [year, month] = date.split('-').map(Number);
	const shifted = new Date(Date.UTC(year, month - 1 + offset, 1));
	return shifted.toISOString().slice(0, 7);
}

/** "November 2026" / "novembre 2026", as the statements name a month (English as Britain writes it). */
export function monthName(month: string, locale: 'en' | 'fr'): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${month}-01T00:00:00Z`));
}

/** "€1,210.49" / "1 210,49 €": an amount in cents as the app's pages show it. */
export function euros(cents: number, locale: 'en' | 'fr'): string {
	return new Intl.NumberFormat(locale, {
		style: 'currency',
		currency: 'EUR',
		minimumFractionDigits: 2,
		maximumFractionDigits: 2
	}).format(cents / 100);
}

/**
 * `totalCents` split pro rata of `weights` in whole cents by the largest-remainder rule: each
 * share rounded down, then the cents left over go one by one to the largest remainders. Written
 * again here, apart from the app's own code, so the test checks the app against the rule.
 */
export function largestRemainder(totalCents: number, weights: number[]): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	const exact = weights.map((weight) => (totalCents * weight) / sum);
	const shares = exact.map(Math.floor);
	let left = totalCents - shares.reduce((a, b) => a + b, 0);
	const order = exact
		.map((value, index) => ({ index, remainder: value - Math.floor(value) }))
		.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
	for (const { index } of order) {
		if (left === 0) break;
		shares[index] += 1;
		left -= 1;
	}
	return shares;
}

/**
 * Moves the check-ins at a house of the person named `name` to another date. Check-ins can only be
 * made for today through the UI, and only a month that has ended can be closed: this is data the UI
 * cannot make. The house is the test's own, so the name finds no one else. Returns how many rows
 * moved.
 */
export function moveCheckIns(name: string, houseId: string, toDate: string): number {
	const db = openE2eDatabase();
	db.pragma('busy_timeout = 5000');
	try {
		return db
			.prepare(
				`UPDATE day_plans SET date = ?
				 WHERE house_id = ? AND checked_in_at IS NOT NULL
				   AND user_id IN (SELECT id FROM users WHERE name = ?)`
			)
			.run(toDate, houseId, name).changes;
	} finally {
		db.close();
	}
}

/**
 * Clicks the link that downloads a statement's CSV and returns its rows, after checking that the
 * file starts with the UTF-8 byte order mark (what lets a spreadsheet read the accents).
 */
export async function downloadCsv(page: Page, linkName: string): Promise<string[]> {
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: linkName }).click();
	const bytes = await readFile(await (await download).path());
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	return bytes.toString('utf8').slice(1).split('\r\n');
}

/** On a statement's page: the person-days shown for one of the company's people. */
export async function expectPersonDays(page: Page, name: string, days: string) {
	await expect(page.getByRole('row', { name }).getByRole('cell').last()).toHaveText(days);
}

/**
 * An operator with `adminEmail`'s account as its admin, and one house it runs, written into the
 * server's database, for tests about what comes after (creating them is operator-set-up-a-house's
 * subject). Names get a suffix of their own so that runs on one server never collide.
 */
export function seedOperatorHouse(
	adminEmail: string,
	names: { operator: string; house: string; commune: string; address: string; seats: number }
) {
	const db = openE2eDatabase();
	db.pragma('busy_timeout = 5000');
	try {
		const admin = db.prepare('select id from users where email = ?').get(adminEmail) as {
			id: string;
		};
		const tag = Date.now().toString(36);
		const now = Math.floor(Date.now() / 1000);
		const operatorId = `op-${tag}`;
		const houseId = `house-${tag}`;
		const slug = `${names.operator.toLowerCase().replace(/\W+/g, '-')}-${tag}`;
		db.prepare('insert into operators (id, name, slug, created_at) values (?, ?, ?, ?)').run(
			operatorId,
			names.operator,
			slug,
			now
		);
		db.prepare(
			'insert into operator_members (operator_id, user_id, role, created_at) values (?, ?, ?, ?)'
		).run(operatorId, admin.id, 'admin', now);
		db.prepare(
			`insert into houses (id, name, commune, address, seats, time_zone, operator_id, created_at)
			 values (?, ?, ?, ?, ?, ?, ?, ?)`
		).run(
			houseId,
			names.house,
			names.commune,
			names.address,
			names.seats,
			'Europe/Paris',
			operatorId,
			now
		);
		return { operatorId, operatorPath: `/operators/${slug}`, houseId };
	} finally {
		db.close();
	}
}

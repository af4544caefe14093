// "I'm at <house> today" on the board, tapped by someone already checked in at another house
// today: as the house's own link, only the half of the day it is now moves (the morning until
// 13:00 on the house's clock). Before, the board checked in for the whole day, which wiped the
// other house's morning from its report and statement and billed the whole day to the second.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { createHouse, signUp, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { dayPlans } from '../../src/lib/server/db/schema';
import { todayIn, wallClock } from '../../src/lib/zoned-time';

let server: RunningServer;
let db: ServerDb;
let owner: Person;
let slug: string;
let murat: string;
let allanche: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	owner = await signUp(server.url, db, 'Odile');
	slug = await owner.client.createCompany('Scierie du Cézallier');
	murat = await createHouse(owner, db, slug, 'Maison de Murat');
	allanche = await createHouse(owner, db, slug, 'Maison d’Allanche');
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

/** The half of the day it is now in Paris, the houses' zone. */
const halfNow = () => (wallClock(Date.now(), 'Europe/Paris').hour < 13 ? 'am' : 'pm');

/** Where the person's check-ins of today put each half. */
function checkedIn(): { am?: string; pm?: string } {
	const rows = db
		.select()
		.from(dayPlans)
		.where(and(eq(dayPlans.userId, owner.id), eq(dayPlans.date, todayIn('Europe/Paris'))))
		.all()
		.filter((row) => row.checkedInAt !== null);
	const halves: { am?: string; pm?: string } = {};
	for (const row of rows) {
		if (row.half === 'day' || row.half === 'am') halves.am = row.houseId ?? undefined;
		if (row.half === 'day' || row.half === 'pm') halves.pm = row.houseId ?? undefined;
	}
	return halves;
}

describe('checking in from the board after another house today', () => {
	it('moves only the half of the day it is now, and keeps the other house’s half', async () => {
		const first = await owner.client.postForm(`/${slug}?/checkIn`, { houseId: murat });
		expect(first.status, await explain(first)).toBe(200);
		expect(checkedIn()).toEqual({ am: murat, pm: murat });

		const before = halfNow();
		const second = await owner.client.postForm(`/${slug}?/checkIn`, { houseId: allanche });
		expect(second.status, await explain(second)).toBe(200);
		// Posted across 13:00 on the dot, the half is not known: nothing to tell.
		if (halfNow() !== before) return;
		expect(checkedIn()).toEqual(
			before === 'am' ? { am: allanche, pm: murat } : { am: murat, pm: allanche }
		);

		// Tapped again, nothing changes: it is already there.
		await owner.client.postForm(`/${slug}?/checkIn`, { houseId: allanche });
		expect(checkedIn()).toEqual(
			before === 'am' ? { am: allanche, pm: murat } : { am: murat, pm: allanche }
		);
	});
});

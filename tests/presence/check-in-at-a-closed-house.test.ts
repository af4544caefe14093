// Checking in at a house that does not open today (on its own clock) is taken all the same, as
// someone may have a key, and the confirmation says the house is closed and when it opens, in
// English and in French. What is stored is what any check-in stores.
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { dayPlans, type House } from '../../src/lib/server/db/schema';
import {
	checkIn,
	checkedInMessage,
	closedTodayMessage,
	scanCheckIn,
	type CheckInResult
} from '../../src/lib/server/presence/check-in';

const { db } = useTempDatabase();

afterEach(() => overwriteGetLocale(() => 'en'));

// 02:00 UTC on Monday 23 November 2026: 03:00 on Monday in Paris, 22:00 on Sunday 22 November in
// La Paz (UTC−4 all year). Monday to Friday, a house is open today in Paris and closed in La Paz.
const NOW = Date.parse('2026-11-23T02:00:00Z');

async function team() {
	const owner = await makeUser('Owner');
	const member = await makeUser('Member');
	const company = makeCompany(owner);
	addMember(company, owner, member, 'member');
	return { owner, member, company };
}

function done<Result extends CheckInResult>(result: Result): Result & { ok: true } {
	if (!result.ok) throw new Error(`refused: ${result.reason}`);
	return result as Result & { ok: true };
}

const storedAt = (userId: string, house: House) =>
	db()
		.select()
		.from(dayPlans)
		.where(and(eq(dayPlans.userId, userId), eq(dayPlans.houseId, house.id)))
		.all();

describe('checking in at a house closed today', () => {
	it('is taken as any check-in, and the confirmation says the house is closed', async () => {
		const { owner, member, company } = await team();
		// Monday to Friday, 08:30–18:30 (the defaults): Sunday evening on its clock.
		const closed = makeHouse(company, owner, { name: 'Maison 03', timeZone: 'America/La_Paz' });
		const open = makeHouse(company, owner, { name: 'Maison 04', timeZone: 'Europe/Paris' });

		const atClosed = done(checkIn(company.id, member.id, closed.id, NOW));
		expect(atClosed).toMatchObject({ date: '2026-11-22', half: 'day' });
		expect(atClosed.closed).toEqual({
			openingDays: [1, 2, 3, 4, 5],
			opensAt: '08:30',
			closesAt: '18:30'
		});
		// The usual confirmation, and the warning beside it.
		expect(checkedInMessage(atClosed)).toEqual({
			text: 'You’re at Maison 03 today',
			full: false
		});
		expect(closedTodayMessage(atClosed)).toBe(
			'Maison 03 is closed today (open Monday to Friday, 08:30–18:30): check you can get in.'
		);
		overwriteGetLocale(() => 'fr');
		expect(closedTodayMessage(atClosed)).toBe(
			'Maison 03 n’ouvre pas aujourd’hui (horaires\u202f: du lundi au vendredi, 08:30–18:30). Vérifiez que vous pourrez entrer.'
		);

		// The same person, the same instant, a house of the same days whose clock says Monday.
		const owners = done(checkIn(company.id, owner.id, open.id, NOW));
		expect(owners).toMatchObject({ date: '2026-11-23', closed: null });
		expect(closedTodayMessage(owners)).toBeNull();

		// Stored as at an open house: a whole day there, checked in by a click, now.
		const row = {
			companyId: company.id,
			kind: 'house',
			half: 'day',
			checkInMethod: 'click',
			checkedInAt: new Date(NOW)
		};
		expect(storedAt(member.id, closed)).toEqual([
			expect.objectContaining({ ...row, userId: member.id, date: '2026-11-22' })
		]);
		expect(storedAt(owner.id, open)).toEqual([
			expect.objectContaining({ ...row, userId: owner.id, date: '2026-11-23' })
		]);
	});

	it('reads its days, not its hours: before the opening time on an open day says nothing', async () => {
		const { owner, member, company } = await team();
		// 03:00 on Monday in Paris, hours before it opens at 09:00: checked in for an open day.
		const early = makeHouse(company, owner, {
			name: 'Maison de l’Aube',
			timeZone: 'Europe/Paris',
			opensAt: '09:00',
			closesAt: '17:00'
		});
		const result = done(checkIn(company.id, member.id, early.id, NOW, 'am'));
		expect(result.closed).toBeNull();
		expect(closedTodayMessage(result)).toBeNull();
	});

	it('says it when the link is scanned, and again when it is opened a second time', async () => {
		const { owner, member, company } = await team();
		// Open on weekends only, on the Paris clock: closed on this Monday.
		const weekend = makeHouse(company, owner, {
			name: 'Atelier du Lac',
			timeZone: 'Europe/Paris',
			openingDays: [6, 7],
			opensAt: '10:00',
			closesAt: '16:00'
		});
		const scanned = done(scanCheckIn(company.id, member.id, weekend.id, NOW, 'qr'));
		expect(closedTodayMessage(scanned)).toBe(
			'Atelier du Lac is closed today (open Saturday and Sunday, 10:00–16:00): check you can get in.'
		);
		const again = done(scanCheckIn(company.id, member.id, weekend.id, NOW + 60_000, 'qr'));
		expect(again.already).toBe(true);
		overwriteGetLocale(() => 'fr');
		expect(closedTodayMessage(again)).toBe(
			'Atelier du Lac n’ouvre pas aujourd’hui (horaires\u202f: samedi et dimanche, 10:00–16:00). Vérifiez que vous pourrez entrer.'
		);
		expect(storedAt(member.id, weekend)).toEqual([
			expect.objectContaining({
				date: '2026-11-23',
				half: 'day',
				checkInMethod: 'qr',
				checkedInAt: new Date(NOW)
			})
		]);
	});
});

// A closed month is immutable: its statements were issued from its check-ins. The refusal is part
// of the write (recordCheckIn's transaction), so a writer that skipped the page's look — or a
// month closed between that look and the write — can never add, undo or narrow a check-in in it.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeCompany, makeUser } from '../helpers/factories';
import { makeAgreement, makeOperatedHouse } from './operated';
import {
	dayPlans,
	houseMonths,
	operatorAuditEvents,
	type Company,
	type House,
	type User
} from '../../src/lib/server/db/schema';
import { createOperator } from '../../src/lib/server/operators/operators';
import { confirmCheckIn, lastOpeningDay } from '../../src/lib/server/presence/desk';
import { houses } from '../../src/lib/server/db/schema';
import { recordCheckIn, setDayPlan } from '../../src/lib/server/presence/plans';

const { db } = useTempDatabase();

// 09:00 UTC on Wednesday 2 December 2026: November has ended everywhere the houses are.
const NOW = Date.parse('2026-12-02T09:00:00Z');
const NOVEMBER_DAY = '2026-11-20';

let officer: User;
let operatorId: string;
let closedHouse: House;
let openHouse: House;
let anne: User;
let atelier: Company;

const rowsOf = (date: string) =>
	db()
		.select()
		.from(dayPlans)
		.where(
			and(eq(dayPlans.companyId, atelier.id), eq(dayPlans.userId, anne.id), eq(dayPlans.date, date))
		)
		.all()
		.sort((a, b) => a.half.localeCompare(b.half));

function closeNovember(house: House) {
	db()
		.insert(houseMonths)
		.values({
			houseId: house.id,
			month: '2026-11',
			costCents: 0,
			fundingCents: 0,
			sharedCents: 0,
			allHalfDays: 0,
			billedCents: 0,
			closedAt: new Date(NOW)
		})
		.run();
}

beforeAll(async () => {
	officer = await makeUser('Officer');
	operatorId = createOperator(officer.id, 'Commune de Murat').id;
	closedHouse = makeOperatedHouse(operatorId, { name: 'Maison Murat' });
	openHouse = makeOperatedHouse(operatorId, { name: 'Maison d’Allanche' });
	anne = await makeUser('Anne');
	atelier = makeCompany(anne, 'Atelier');
	makeAgreement(closedHouse, atelier, { startDate: '2026-10-01' });
	makeAgreement(openHouse, atelier, { startDate: '2026-10-01' });
	// A plan for the day, then November closed at Maison Murat only.
	setDayPlan(atelier.id, anne.id, NOVEMBER_DAY, {
		split: false,
		whole: { kind: 'home', houseId: null },
		note: 'Télétravail'
	});
	closeNovember(closedHouse);
});

describe('a check-in in a closed month', () => {
	it('is refused by the write itself and stores nothing, whatever the caller checked', () => {
		const before = rowsOf(NOVEMBER_DAY);
		for (const half of ['day', 'am', 'pm'] as const) {
			expect(
				recordCheckIn(
					atelier.id,
					anne.id,
					closedHouse.id,
					NOVEMBER_DAY,
					half,
					'desk',
					new Date(NOW)
				)
			).toEqual({ ok: false, reason: 'month_closed' });
		}
		// The plan the write would have replaced is still there, as it was.
		expect(rowsOf(NOVEMBER_DAY)).toEqual(before);
		expect(before).toMatchObject([{ half: 'day', kind: 'home', checkedInAt: null }]);
	});

	it('is recorded in an open month, and at a house that has not closed that month', () => {
		expect(
			recordCheckIn(atelier.id, anne.id, closedHouse.id, '2026-12-01', 'day', 'desk', new Date(NOW))
		).toEqual({ ok: true });
		expect(
			recordCheckIn(atelier.id, anne.id, openHouse.id, NOVEMBER_DAY, 'pm', 'desk', new Date(NOW))
		).toEqual({ ok: true });
		expect(rowsOf(NOVEMBER_DAY)).toMatchObject([
			{ half: 'am', kind: 'home', checkedInAt: null },
			{ half: 'pm', houseId: openHouse.id, checkInMethod: 'desk' }
		]);
	});

	it('never undoes or narrows a check-in billed in a house’s closed month', () => {
		const date = '2026-11-18';
		// Written before the month closed at Maison Murat (straight into the table, as it was).
		db()
			.insert(dayPlans)
			.values({
				companyId: atelier.id,
				userId: anne.id,
				date,
				half: 'day',
				kind: 'house',
				houseId: closedHouse.id,
				checkedInAt: new Date(NOW),
				checkInMethod: 'qr',
				updatedAt: new Date(NOW)
			})
			.run();
		const before = rowsOf(date);
		// A whole day elsewhere would delete it; a half would make its other half a mere plan, or
		// (kept) turn its whole day into a half: each changes what November billed.
		for (const half of ['day', 'am'] as const) {
			expect(
				recordCheckIn(atelier.id, anne.id, openHouse.id, date, half, 'desk', new Date(NOW))
			).toEqual({ ok: false, reason: 'month_closed' });
		}
		expect(
			recordCheckIn(atelier.id, anne.id, openHouse.id, date, 'am', 'desk', new Date(NOW), 'kept')
		).toEqual({ ok: false, reason: 'month_closed' });
		expect(rowsOf(date)).toEqual(before);
	});

	it('may sit beside a closed month’s check-in it keeps exactly as it was', () => {
		const date = '2026-11-19';
		db()
			.insert(dayPlans)
			.values({
				companyId: atelier.id,
				userId: anne.id,
				date,
				half: 'pm',
				kind: 'house',
				houseId: closedHouse.id,
				checkedInAt: new Date(NOW),
				checkInMethod: 'qr',
				updatedAt: new Date(NOW)
			})
			.run();
		expect(
			recordCheckIn(atelier.id, anne.id, openHouse.id, date, 'am', 'desk', new Date(NOW))
		).toEqual({ ok: true });
		expect(rowsOf(date)).toMatchObject([
			{ half: 'am', houseId: openHouse.id },
			{ half: 'pm', houseId: closedHouse.id, checkInMethod: 'qr' }
		]);
	});
});

describe('the desk in a closed month', () => {
	const confirm = (house: House, date: string) =>
		confirmCheckIn(
			{ ...house, operatorId },
			officer.id,
			{ email: anne.email, companyId: atelier.id, date, half: 'day' },
			NOW
		);
	const confirmations = () =>
		db()
			.select()
			.from(operatorAuditEvents)
			.where(eq(operatorAuditEvents.action, 'check_in.confirmed'))
			.all().length;

	it('refuses beside the date, and neither writes the check-in nor logs it', () => {
		const logged = confirmations();
		expect(confirm(closedHouse, '2026-11-23')).toEqual({
			ok: false,
			field: 'date',
			reason: 'month_closed'
		});
		expect(rowsOf('2026-11-23')).toEqual([]);
		// At the open house, a day whose whole-day check-in Maison Murat billed in November: the desk
		// never touches another house's check-in, closed month or not (recordCheckIn's own refusal
		// of it is tested above).
		expect(confirm(openHouse, '2026-11-18')).toMatchObject({
			ok: false,
			reason: 'checked_in_elsewhere'
		});
		expect(rowsOf('2026-11-18')).toMatchObject([{ half: 'day', houseId: closedHouse.id }]);
		expect(confirmations()).toBe(logged);
	});
});

describe('the day the desk offers beside today', () => {
	const at = (date: string) => Date.parse(`${date}T09:00:00Z`);
	const openOn = (house: House, openingDays: number[]) => {
		db().update(houses).set({ openingDays }).where(eq(houses.id, house.id)).run();
		return { ...house, openingDays };
	};

	it('is the house’s last opening day: yesterday, or Friday on a Monday', () => {
		const house = openOn(openHouse, [1, 2, 3, 4, 5]);
		// Tuesday 8 December 2026, then Monday 7 and Sunday 6.
		expect(lastOpeningDay(house, at('2026-12-08'))).toBe('2026-12-07');
		expect(lastOpeningDay(house, at('2026-12-07'))).toBe('2026-12-04');
		expect(lastOpeningDay(house, at('2026-12-06'))).toBe('2026-12-04');
		expect(lastOpeningDay(openOn(openHouse, []), at('2026-12-08'))).toBeNull();
	});

	it('is none when that day’s month is closed: the desk would refuse it', () => {
		// Tuesday 1 December 2026: Monday 30 November, in November, closed at Maison Murat.
		const house = openOn(closedHouse, [1, 2, 3, 4, 5]);
		expect(lastOpeningDay(house, at('2026-12-01'))).toBeNull();
		expect(lastOpeningDay(openOn(openHouse, [1, 2, 3, 4, 5]), at('2026-12-01'))).toBe('2026-11-30');
	});
});

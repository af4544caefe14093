// The occupancy report on a fixed data set (February 2026: 28 days, 20 weekdays; the 1st is a
// Sunday), with a house shared by two companies whose cost is split pro rata of person-days.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { companyHouses, type Company, type House, type User } from '../../src/lib/server/db/schema';
import { setDayPlan, setPattern } from '../../src/lib/server/presence/plans';
import { costShares, occupancyCsv, occupancyReport } from '../../src/lib/server/presence/report';

const { db } = useTempDatabase();

let company: Company;
let neighbours: Company;
let house: House;
let anne: User;
let bruno: User;
let chloe: User;
let denis: User;

const whole = (houseId: string) => ({
	split: false as const,
	whole: { kind: 'house' as const, houseId },
	note: ''
});

beforeAll(async () => {
	anne = await makeUser('Anne');
	bruno = await makeUser('Bruno');
	chloe = await makeUser('Chloe');
	denis = await makeUser('Denis');
	company = makeCompany(anne, 'Atelier');
	addMember(company, anne, bruno, 'member');
	addMember(company, anne, chloe, 'member');
	house = makeHouse(company, anne, { name: 'Murat', seats: 4, monthlyCostCents: 60_000 });
	// Another company works in the same house (a maison des entreprises).
	neighbours = makeCompany(denis, 'Voisins');
	db().insert(companyHouses).values({ companyId: neighbours.id, houseId: house.id }).run();

	// Anne: Mondays and Tuesdays there, by pattern → 8 days.
	setPattern(company.id, anne.id, '2026-01-26', {
		1: { kind: 'house', houseId: house.id },
		2: { kind: 'house', houseId: house.id }
	});
	// Bruno: 2, 4 and 5 February all day, the 16th morning, the 23rd afternoon → 4 days.
	for (const date of ['2026-02-02', '2026-02-04', '2026-02-05']) {
		setDayPlan(company.id, bruno.id, date, whole(house.id));
	}
	setDayPlan(company.id, bruno.id, '2026-02-16', {
		split: true,
		am: { kind: 'house', houseId: house.id },
		pm: { kind: 'home', houseId: null },
		note: ''
	});
	setDayPlan(company.id, bruno.id, '2026-02-23', {
		split: true,
		am: null,
		pm: { kind: 'house', houseId: house.id },
		note: ''
	});
	// Chloe: Mondays by pattern, but off on the 9th → 3 days.
	setPattern(company.id, chloe.id, '2026-02-02', { 1: { kind: 'house', houseId: house.id } });
	setDayPlan(company.id, chloe.id, '2026-02-09', {
		split: false,
		whole: { kind: 'off', houseId: null },
		note: ''
	});
	// Denis (the other company): 5 days in the house.
	for (const date of ['2026-02-10', '2026-02-11', '2026-02-12', '2026-02-13', '2026-02-17']) {
		setDayPlan(neighbours.id, denis.id, date, whole(house.id));
	}
});

describe('occupancyReport', () => {
	it('counts person-days per member and in total, whole days as 1 and half-days as 0.5', () => {
		const report = occupancyReport(company.id, house, '2026-02');
		const byName = Object.fromEntries(report.members.map((m) => [m.name, m.personDays]));
		expect(byName).toEqual({ [anne.name]: 8, [bruno.name]: 4, [chloe.name]: 3 });
		expect(report.totalPersonDays).toBe(15);
		// The other company's people never appear in this company's report.
		expect(report.members.map((m) => m.userId)).not.toContain(denis.id);
	});

	it('finds the busiest days by people at once, then person-days, then date', () => {
		const report = occupancyReport(company.id, house, '2026-02');
		expect(report.busiestDays.map((d) => [d.date, d.peak, d.personDays])).toEqual([
			['2026-02-02', 3, 3],
			['2026-02-16', 3, 2.5],
			['2026-02-23', 3, 2.5],
			['2026-02-03', 1, 1],
			['2026-02-04', 1, 1]
		]);
		expect(report.days).toHaveLength(28);
		expect(report.days.find((d) => d.date === '2026-02-09')).toMatchObject({
			peak: 1,
			personDays: 1
		});
	});

	it('averages occupancy over weekdays and seats and prices a person-day from the company’s share', () => {
		const report = occupancyReport(company.id, house, '2026-02');
		expect(report.openDays).toBe(20);
		expect(report.averageOccupancy).toBeCloseTo(15 / (20 * 4), 10);
		// 15 of the 20 person-days in the house: 3/4 of 600.00 €.
		expect(report.costShareCents).toBe(45_000);
		expect(report.costPerPersonDayCents).toBe(3_000);
	});

	it('splits the running cost between companies pro rata of person-days', () => {
		const shares = costShares(house, '2026-02');
		expect(shares.get(company.id)).toEqual({ personDays: 15, shareCents: 45_000 });
		expect(shares.get(neighbours.id)).toEqual({ personDays: 5, shareCents: 15_000 });
	});

	it('writes the same numbers as CSV', () => {
		const csv = occupancyCsv(occupancyReport(company.id, house, '2026-02'));
		const lines = csv.trimEnd().split('\r\n');
		expect(lines[0]).toBe('section,house,month,member_or_date,person_days,peak_people,seats');
		expect(lines).toContain(`member,Murat,2026-02,${anne.name},8,,4`);
		expect(lines).toContain(`member,Murat,2026-02,${bruno.name},4,,4`);
		expect(lines).toContain('total,Murat,2026-02,,15,,4');
		expect(lines).toContain('day,Murat,2026-02,2026-02-16,2.5,3,4');
		expect(lines.at(-1)).toBe(
			'cost,Murat,2026-02,cost_share_eur,450.00,cost_per_person_day_eur,30.00'
		);
		expect(lines).toHaveLength(1 + 3 + 1 + 28 + 1);
	});

	it('keeps spreadsheet formulas out of names', async () => {
		const mallory = await makeUser('Mallory');
		const report = occupancyReport(company.id, house, '2026-02');
		report.members.push({ userId: mallory.id, name: '=HYPERLINK("x")', personDays: 0 });
		expect(occupancyCsv(report)).toContain(`"'=HYPERLINK(""x"")"`);
	});
});

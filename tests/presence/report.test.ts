// The occupancy report on a fixed data set (February 2026: 28 days, 20 weekdays; the 1st is a
// Sunday), split into planned (plans, a forecast) and on site (check-ins, what bills), with a
// private house shared by two companies whose own cost is split pro rata of on-site half-days.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import {
	companyHouses,
	houses,
	memberships,
	type Company,
	type House,
	type User
} from '../../src/lib/server/db/schema';
import { recordCheckIn, setDayPlan, setPattern } from '../../src/lib/server/presence/plans';
import {
	occupancyCsv,
	occupancyReport,
	privateCostShares
} from '../../src/lib/server/presence/report';
import { createOperator } from '../../src/lib/server/operators/operators';
import { and, eq } from 'drizzle-orm';

const { db } = useTempDatabase();

let company: Company;
let neighbours: Company;
let house: House;
let anne: User;
let bruno: User;
let chloe: User;
let denis: User;
const TODAY = '2026-02-20';

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
	// Another company works in the same private house.
	neighbours = makeCompany(denis, 'Voisins');
	db().insert(companyHouses).values({ companyId: neighbours.id, houseId: house.id }).run();

	// Plans. Anne: Mondays and Tuesdays there, by pattern → 8 days planned.
	setPattern(
		company.id,
		anne.id,
		'2026-01-26',
		{ 1: { kind: 'house', houseId: house.id }, 2: { kind: 'house', houseId: house.id } },
		'2026-01-26'
	);
	// Bruno: 2, 4 and 5 February all day, the 16th morning, the 23rd afternoon → 4 days planned.
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
	// Chloe: Mondays by pattern, but off on the 9th → 3 days planned, never came.
	setPattern(
		company.id,
		chloe.id,
		'2026-02-02',
		{ 1: { kind: 'house', houseId: house.id } },
		'2026-02-02'
	);
	setDayPlan(company.id, chloe.id, '2026-02-09', {
		split: false,
		whole: { kind: 'off', houseId: null },
		note: ''
	});
	// Denis (the other company): 5 days planned.
	for (const date of ['2026-02-10', '2026-02-11', '2026-02-12', '2026-02-13', '2026-02-17']) {
		setDayPlan(neighbours.id, denis.id, date, whole(house.id));
	}

	// Check-ins. Anne: the 2nd all day, the 3rd morning → 1.5 on site; a check-in row dated the
	// 23rd (after today) never counts. Bruno: the 4th, and the morning he planned on the 16th →
	// 1.5. Denis: the 10th and the 11th → 2.
	recordCheckIn(company.id, anne.id, house.id, '2026-02-02');
	recordCheckIn(company.id, anne.id, house.id, '2026-02-03', 'am');
	recordCheckIn(company.id, anne.id, house.id, '2026-02-23');
	recordCheckIn(company.id, bruno.id, house.id, '2026-02-04');
	recordCheckIn(company.id, bruno.id, house.id, '2026-02-16', 'am', 'qr');
	recordCheckIn(neighbours.id, denis.id, house.id, '2026-02-10', 'day', 'desk');
	recordCheckIn(neighbours.id, denis.id, house.id, '2026-02-11');
});

describe('occupancyReport', () => {
	it('counts planned and on-site person-days apart: plans never count as on site', () => {
		const report = occupancyReport(company.id, house, '2026-02', TODAY);
		const byName = Object.fromEntries(report.members.map((m) => [m.name, [m.planned, m.onSite]]));
		expect(byName).toEqual({
			[anne.name]: [8, 1.5],
			[bruno.name]: [4, 1.5],
			[chloe.name]: [3, 0]
		});
		expect(report.totalPlanned).toBe(15);
		expect(report.totalOnSite).toBe(3);
		// The other company's people never appear in this company's report.
		expect(JSON.stringify(report)).not.toContain(denis.id);
		expect(JSON.stringify(report)).not.toContain(denis.name);
	});

	it('never counts a day after today as on site, even with a check-in row', () => {
		const before = occupancyReport(company.id, house, '2026-02', TODAY);
		expect(before.onSite.find((d) => d.date === '2026-02-23')).toMatchObject({ peak: 0 });
		const after = occupancyReport(company.id, house, '2026-02', '2026-02-28');
		expect(after.totalOnSite).toBe(4);
	});

	it('finds the busiest days on site by people at once, then person-days, then date', () => {
		const report = occupancyReport(company.id, house, '2026-02', TODAY);
		expect(report.busiestDays.map((d) => [d.date, d.peak, d.personDays])).toEqual([
			['2026-02-02', 1, 1],
			['2026-02-04', 1, 1],
			['2026-02-03', 1, 0.5],
			['2026-02-16', 1, 0.5]
		]);
		expect(report.planned).toHaveLength(28);
		expect(report.planned.find((d) => d.date === '2026-02-02')).toMatchObject({ peak: 3 });
		expect(report.planned.find((d) => d.date === '2026-02-16')).toMatchObject({
			peak: 3,
			personDays: 2.5
		});
	});

	it('averages on-site occupancy over opening days and seats, and splits the private cost by check-ins', () => {
		const report = occupancyReport(company.id, house, '2026-02', TODAY);
		expect(report.openDays).toBe(20);
		expect(report.averageOccupancy).toBeCloseTo(3 / (20 * 4), 10);
		// A house open on Saturdays only (its form's days): four in February 2026.
		const saturdays = occupancyReport(company.id, { ...house, openingDays: [6] }, '2026-02', TODAY);
		expect(saturdays.openDays).toBe(4);
		// 6 of the 10 half-days on site: 6/10 of 600.00 €, and 360 € ÷ 3 person-days.
		expect(report.cost).toEqual({
			kind: 'private',
			monthlyCostCents: 60_000,
			shareCents: 36_000,
			perPersonDayCents: 12_000
		});
		const shares = privateCostShares(house, '2026-02', TODAY);
		expect(shares.get(company.id)).toEqual({ halfDays: 6, shareCents: 36_000 });
		expect(shares.get(neighbours.id)).toEqual({ halfDays: 4, shareCents: 24_000 });
	});

	it('splits to the cent by the largest remainder, equally when nobody came', async () => {
		const owner = await makeUser('Owner');
		const a = makeCompany(owner);
		const odd = makeHouse(a, owner, { monthlyCostCents: 10_000 });
		for (const name of ['B', 'C']) {
			const other = makeCompany(owner, name);
			db().insert(companyHouses).values({ companyId: other.id, houseId: odd.id }).run();
		}
		const shares = [...privateCostShares(odd, '2026-02', TODAY).values()].map((s) => s.shareCents);
		// Math.round would give 3 × 33.33 € = 99.99 €.
		expect(shares.sort()).toEqual([3333, 3333, 3334]);
	});

	it('sends an operated house to its statements instead of computing a share', async () => {
		const officer = await makeUser('Officer');
		const operator = createOperator(officer.id, 'Commune de Murat');
		db().update(houses).set({ operatorId: operator.id }).where(eq(houses.id, house.id)).run();
		const operated = { ...house, operatorId: operator.id };
		const report = occupancyReport(company.id, operated, '2026-02', TODAY);
		expect(report.cost).toEqual({ kind: 'statements' });
		expect(occupancyCsv(report, 'en')).not.toContain('cost');
		db().update(houses).set({ operatorId: null }).where(eq(houses.id, house.id)).run();
	});

	it('still counts the check-ins of someone who left, unnamed, and splits the cost as before', () => {
		const membership = db()
			.select()
			.from(memberships)
			.where(and(eq(memberships.companyId, company.id), eq(memberships.userId, bruno.id)))
			.get()!;
		db()
			.delete(memberships)
			.where(and(eq(memberships.companyId, company.id), eq(memberships.userId, bruno.id)))
			.run();
		try {
			const report = occupancyReport(company.id, house, '2026-02', TODAY);
			expect(report.members.map((m) => m.name)).toEqual([anne.name, chloe.name]);
			// His 1.5 days on site happened and billed; his plans say nothing any more.
			expect(report.formerMembers).toEqual({ planned: 1.5, onSite: 1.5 });
			expect(report.totalOnSite).toBe(3);
			expect(report.totalPlanned).toBe(8 + 3 + 1.5);
			expect(report.busiestDays.map((d) => d.date)).toContain('2026-02-16');
			expect(JSON.stringify(report)).not.toContain(bruno.id);
			expect(JSON.stringify(report)).not.toContain(bruno.name);
			expect(privateCostShares(house, '2026-02', TODAY).get(company.id)).toEqual({
				halfDays: 6,
				shareCents: 36_000
			});
			const csv = occupancyCsv(report, 'fr');
			expect(csv).toContain('Anciens membres;1,5;1,5');
			expect(csv).not.toContain(bruno.name);
		} finally {
			db().insert(memberships).values(membership).run();
		}
	});

	it('writes the same numbers as CSV, planned and on site side by side', () => {
		const csv = occupancyCsv(occupancyReport(company.id, house, '2026-02', TODAY), 'en');
		expect(csv.startsWith('\uFEFF'), 'a byte order mark, so Excel reads UTF-8').toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe(
			'section,house,month,member_or_date,planned_person_days,on_site_person_days,planned_peak_people,on_site_peak_people,seats'
		);
		expect(lines).toContain(`member,Murat,2026-02,${anne.name},8,1.5,,,4`);
		expect(lines).toContain(`member,Murat,2026-02,${chloe.name},3,0,,,4`);
		expect(lines).toContain('total,Murat,2026-02,,15,3,,,4');
		expect(lines).toContain('day,Murat,2026-02,2026-02-16,2.5,0.5,3,1,4');
		expect(lines).toContain('day,Murat,2026-02,2026-02-23,2.5,0,3,0,4');
		expect(lines.at(-1)).toBe(
			'cost,Murat,2026-02,cost_share_eur,360.00,cost_per_on_site_person_day_eur,120.00,,'
		);
		expect(lines).toHaveLength(1 + 3 + 1 + 28 + 1);
	});

	it('keeps spreadsheet formulas out of names', async () => {
		const mallory = await makeUser('Mallory');
		const report = occupancyReport(company.id, house, '2026-02', TODAY);
		report.members.push({ userId: mallory.id, name: '=HYPERLINK("x")', planned: 0, onSite: 0 });
		expect(occupancyCsv(report, 'en')).toContain(`"'=HYPERLINK(""x"")"`);
	});

	it('writes French CSV with `;` between cells, a decimal comma and French names', () => {
		const csv = occupancyCsv(occupancyReport(company.id, house, '2026-02', TODAY), 'fr');
		const lines = csv.slice(1).trimEnd().split('\r\n');
		// Its columns and rows named in French, as the statements' CSV is.
		expect(lines[0]).toBe(
			'rubrique;maison;mois;membre_ou_date;jours_personne_prévus;jours_personne_sur_place;pic_prévu_personnes;pic_sur_place_personnes;places'
		);
		expect(lines).toContain(`membre;Murat;2026-02;${anne.name};8;1,5;;;4`);
		expect(lines).toContain('jour;Murat;2026-02;2026-02-16;2,5;0,5;3;1;4');
		expect(lines.at(-1)).toBe(
			'coût;Murat;2026-02;part_du_coût_eur;360,00;coût_par_jour_personne_sur_place_eur;120,00;;'
		);
	});
});

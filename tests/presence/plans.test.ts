// Plan rules: a weekly pattern applies from its first date on until changed, a day plan overrides it,
// a half-day plan overrides the whole day.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeCompany, makeHouse, makeUser } from '../helpers/factories';
import {
	clearDayPlan,
	patternOn,
	recordCheckIn,
	resolveDay,
	resolveRange,
	setDayPlan,
	setPattern
} from '../../src/lib/server/presence/plans';
import type { DayPlan, PlanPattern } from '../../src/lib/server/db/schema';

useTempDatabase();

const where = (day: { am: { kind: string; houseId: string | null } }) =>
	day.am.kind === 'house' ? `house:${day.am.houseId}` : day.am.kind;

describe('resolveDay (pure rules)', () => {
	const pattern = (
		weekday: number,
		validFrom: string,
		kind: PlanPattern['kind'],
		houseId: string | null = null
	) =>
		({
			companyId: 'c',
			userId: 'u',
			weekday,
			validFrom,
			kind,
			houseId,
			createdAt: new Date()
		}) as PlanPattern;
	const plan = (
		date: string,
		half: DayPlan['half'],
		kind: DayPlan['kind'],
		houseId: string | null = null
	) =>
		({
			companyId: 'c',
			userId: 'u',
			date,
			half,
			kind,
			houseId,
			note: '',
			checkedInAt: null,
			updatedAt: new Date()
		}) as DayPlan;

	// 2026-11-23 is a Monday.
	const patterns = [
		pattern(1, '2026-11-02', 'house', 'murat'),
		pattern(1, '2026-11-30', 'home'),
		pattern(2, '2026-11-02', null)
	];

	it('applies the pattern row in force on the date, by weekday', () => {
		expect(resolveDay('2026-11-23', [], patterns).am).toMatchObject({
			kind: 'house',
			houseId: 'murat',
			source: 'pattern'
		});
		expect(resolveDay('2026-11-30', [], patterns).am).toMatchObject({
			kind: 'home',
			source: 'pattern'
		});
		// Before the first pattern row, and on a weekday cleared by the pattern: nothing.
		expect(resolveDay('2026-10-26', [], patterns).am.kind).toBe('unset');
		expect(resolveDay('2026-11-24', [], patterns).pm.kind).toBe('unset');
	});

	it('lets a day plan override the pattern and a half-day plan override the day', () => {
		const day = resolveDay('2026-11-23', [plan('2026-11-23', 'day', 'off')], patterns);
		expect(day.am).toMatchObject({ kind: 'off', source: 'plan' });
		expect(day.pm).toMatchObject({ kind: 'off', source: 'plan' });
		const half = resolveDay(
			'2026-11-23',
			[plan('2026-11-23', 'day', 'off'), plan('2026-11-23', 'pm', 'travelling')],
			patterns
		);
		expect(half.am.kind).toBe('off');
		expect(half.pm.kind).toBe('travelling');
		// A single half-day plan leaves the other half to the pattern.
		const morning = resolveDay('2026-11-23', [plan('2026-11-23', 'am', 'home')], patterns);
		expect(morning.am).toMatchObject({ kind: 'home', source: 'plan' });
		expect(morning.pm).toMatchObject({ kind: 'house', houseId: 'murat', source: 'pattern' });
	});

	it('ignores plans of other dates', () => {
		expect(resolveDay('2026-11-23', [plan('2026-11-24', 'day', 'off')], patterns).am.kind).toBe(
			'house'
		);
	});
});

describe('plans in the database', () => {
	it('keeps earlier weeks on the old pattern and drops later changes when the pattern changes', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const murat = makeHouse(company, owner, { name: 'Murat' });
		const dates = ['2026-11-16', '2026-11-17', '2026-11-23', '2026-11-24', '2026-11-30'];
		const today = '2026-11-01';
		// "Mon–Tue at the Murat house" from 16 November.
		setPattern(
			company.id,
			owner.id,
			'2026-11-16',
			{ 1: { kind: 'house', houseId: murat.id }, 2: { kind: 'house', houseId: murat.id } },
			today
		);
		// From the week of 30 November, Mondays at home.
		setPattern(company.id, owner.id, '2026-11-30', { 1: { kind: 'home', houseId: null } }, today);
		let days = resolveRange(company.id, [owner.id], dates).get(owner.id)!;
		expect(days.map(where)).toEqual([
			`house:${murat.id}`,
			`house:${murat.id}`,
			`house:${murat.id}`,
			`house:${murat.id}`,
			'home'
		]);
		// Changing it again from the week of 23 November replaces the change scheduled for the 30th.
		setPattern(
			company.id,
			owner.id,
			'2026-11-23',
			{ 2: { kind: 'travelling', houseId: null } },
			today
		);
		days = resolveRange(company.id, [owner.id], dates).get(owner.id)!;
		expect(days.map(where)).toEqual([
			`house:${murat.id}`,
			`house:${murat.id}`,
			'unset',
			'travelling',
			'unset'
		]);
		expect(patternOn(company.id, owner.id, '2026-11-16')[1]).toEqual({
			kind: 'house',
			houseId: murat.id
		});
		expect(patternOn(company.id, owner.id, '2026-12-07')[2]).toEqual({
			kind: 'travelling',
			houseId: null
		});
	});

	it('shows a usual week saved on a Friday with its Monday and Tuesday, the next ones', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const murat = makeHouse(company, owner, { name: 'Murat' });
		const friday = '2026-12-04';
		const atMurat = { kind: 'house', houseId: murat.id } as const;
		setPattern(company.id, owner.id, friday, { 1: atMurat, 2: atMurat }, friday);
		const shown = patternOn(company.id, owner.id, friday);
		// This week's Monday and Tuesday are past, before the usual week starts: the form still
		// shows what was just saved, the days it will apply to.
		expect(shown[1]).toEqual(atMurat);
		expect(shown[2]).toEqual(atMurat);
		expect(shown[5]).toBeNull();
	});

	it('stores half-days, replaces them with a whole day, and falls back to the pattern when cleared', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const house = makeHouse(company, owner);
		setPattern(
			company.id,
			owner.id,
			'2026-11-23',
			{ 3: { kind: 'home', houseId: null } },
			'2026-11-01'
		);
		const wednesday = '2026-11-25';
		setDayPlan(company.id, owner.id, wednesday, {
			split: true,
			am: { kind: 'house', houseId: house.id },
			pm: { kind: 'travelling', houseId: null },
			note: 'train at 14:00'
		});
		let day = resolveRange(company.id, [owner.id], [wednesday]).get(owner.id)![0];
		expect([day.am.kind, day.pm.kind, day.am.note]).toEqual([
			'house',
			'travelling',
			'train at 14:00'
		]);
		setDayPlan(company.id, owner.id, wednesday, {
			split: false,
			whole: { kind: 'off', houseId: null },
			note: ''
		});
		day = resolveRange(company.id, [owner.id], [wednesday]).get(owner.id)![0];
		expect([day.am.kind, day.pm.kind]).toEqual(['off', 'off']);
		recordCheckIn(company.id, owner.id, house.id, wednesday);
		day = resolveRange(company.id, [owner.id], [wednesday]).get(owner.id)![0];
		expect(day.am).toMatchObject({ kind: 'house', houseId: house.id, checkedIn: true });
		// Going back to the usual week forgets plans, never a check-in.
		clearDayPlan(company.id, owner.id, wednesday);
		day = resolveRange(company.id, [owner.id], [wednesday]).get(owner.id)![0];
		expect(day.am).toMatchObject({ kind: 'house', houseId: house.id, checkedIn: true });
		setDayPlan(company.id, owner.id, '2026-11-26', {
			split: false,
			whole: { kind: 'off', houseId: null },
			note: ''
		});
		clearDayPlan(company.id, owner.id, '2026-11-26');
		day = resolveRange(company.id, [owner.id], ['2026-11-26']).get(owner.id)![0];
		expect(day.am).toMatchObject({ kind: 'unset', source: 'none' });
	});

	it('keeps each person and each company to their own plans', async () => {
		const owner = await makeUser('Owner');
		const other = await makeUser('Other');
		const company = makeCompany(owner);
		const otherCompany = makeCompany(other);
		setDayPlan(otherCompany.id, owner.id, '2026-11-23', {
			split: false,
			whole: { kind: 'off', houseId: null },
			note: ''
		});
		setDayPlan(company.id, other.id, '2026-11-23', {
			split: false,
			whole: { kind: 'travelling', houseId: null },
			note: ''
		});
		const day = resolveRange(company.id, [owner.id], ['2026-11-23']).get(owner.id)![0];
		expect(day.am.kind).toBe('unset');
	});

	it('a half-day check-in narrows a whole day here, never one checked in at another house', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const vic = makeHouse(company, owner, { name: 'Maison de Vic' });
		const murat = makeHouse(company, owner, { name: 'Maison de Murat' });
		const day = (date: string) => resolveRange(company.id, [owner.id], [date]).get(owner.id)![0];

		// Checked in at Vic for the day, then at Murat for the afternoon (the door's "This
		// afternoon"): the morning at Vic is still a check-in there.
		recordCheckIn(company.id, owner.id, vic.id, '2026-11-25');
		recordCheckIn(company.id, owner.id, murat.id, '2026-11-25', 'pm');
		expect(day('2026-11-25').am).toMatchObject({ houseId: vic.id, checkedIn: true });
		expect(day('2026-11-25').pm).toMatchObject({ houseId: murat.id, checkedIn: true });

		// At the same house, "this afternoon only" corrects the day: the morning is a plan again.
		recordCheckIn(company.id, owner.id, vic.id, '2026-11-26');
		recordCheckIn(company.id, owner.id, vic.id, '2026-11-26', 'pm');
		expect(day('2026-11-26').am).toMatchObject({ houseId: vic.id, checkedIn: false });
		expect(day('2026-11-26').pm).toMatchObject({ houseId: vic.id, checkedIn: true });
	});
});

// A house in UTC−4 (La Paz, no daylight saving) seen by a viewer in Paris: "today" for a person
// is the day in their house's zone, and their status ends at the end of that day there.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { boardPerson, boardWithSeats, presenceBoard } from '../../src/lib/server/presence/board';
import { seatCountsToday } from '../../src/lib/server/presence/capacity';
import { setDayPlan } from '../../src/lib/server/presence/plans';
import { checkIn } from '../../src/lib/server/presence/check-in';
import { setStatus } from '../../src/lib/server/presence/statuses';
import { setHomeHouse } from '../../src/lib/server/houses/houses';
import { updateProfile } from '../../src/lib/server/auth/user';
import { formatTime } from '../../src/lib/format';
import { endOfDay, todayIn, zonedInstant } from '../../src/lib/zoned-time';

useTempDatabase();

// 02:30 UTC on Sunday 22 November 2026: 03:30 in Paris, 22:30 the day before in La Paz.
const NOW = Date.parse('2026-11-22T02:30:00Z');

describe('zoned time', () => {
	it('gives each zone its own today and end of day', () => {
		expect(todayIn('Europe/Paris', NOW)).toBe('2026-11-22');
		expect(todayIn('America/La_Paz', NOW)).toBe('2026-11-21');
		expect(new Date(endOfDay('2026-11-21', 'America/La_Paz')).toISOString()).toBe(
			'2026-11-22T04:00:00.000Z'
		);
		expect(new Date(endOfDay('2026-11-22', 'Europe/Paris')).toISOString()).toBe(
			'2026-11-22T23:00:00.000Z'
		);
		expect(formatTime(NOW, { timeZone: 'America/La_Paz', locale: 'fr' })).toBe('22:30');
		expect(formatTime(NOW, { timeZone: 'America/La_Paz', locale: 'en' })).toBe('22:30');
	});

	it('handles daylight-saving days in Paris', () => {
		// 29 March 2026: clocks go from 02:00 to 03:00, the day lasts 23 hours.
		expect(
			endOfDay('2026-03-29', 'Europe/Paris') -
				zonedInstant('2026-03-29', '00:00', 'Europe/Paris', 'earlier')
		).toBe(23 * 3_600_000);
		expect(
			new Date(zonedInstant('2026-03-29', '12:00', 'Europe/Paris', 'earlier')).toISOString()
		).toBe('2026-03-29T10:00:00.000Z');
		expect(
			new Date(zonedInstant('2026-10-25', '12:00', 'Europe/Paris', 'earlier')).toISOString()
		).toBe('2026-10-25T11:00:00.000Z');
	});
});

describe('the board across zones', () => {
	it('checks in for the house’s today and ends the status at the end of that day there', async () => {
		const owner = await makeUser('Owner');
		const traveller = await makeUser('Traveller');
		const company = makeCompany(owner);
		addMember(company, owner, traveller, 'member');
		const paris = makeHouse(company, owner, { name: 'Paris', timeZone: 'Europe/Paris' });
		const laPaz = makeHouse(company, owner, { name: 'La Paz', timeZone: 'America/La_Paz' });
		expect(setHomeHouse(company.id, owner.id, paris.id)).toBe(true);
		expect(setHomeHouse(company.id, traveller.id, paris.id)).toBe(true);

		const result = checkIn(company.id, traveller.id, laPaz.id, NOW);
		expect(result).toMatchObject({ ok: true, houseName: 'La Paz', date: '2026-11-21' });
		expect(
			setStatus(company.id, traveller.id, { text: 'Jet lag', emoji: '😴', dndUntil: '23:00' }, NOW)
		).toEqual({ ok: true });

		const board = presenceBoard(company.id, NOW);
		const them = board.people.find((p) => p.userId === traveller.id)!;
		const me = board.people.find((p) => p.userId === owner.id)!;
		expect(them).toMatchObject({ date: '2026-11-21', timeZone: 'America/La_Paz' });
		expect(them.am).toMatchObject({ kind: 'house', houseId: laPaz.id, checkedIn: true });
		expect(me).toMatchObject({ date: '2026-11-22', timeZone: 'Europe/Paris' });
		expect(new Date(them.status!.expiresAt).toISOString()).toBe('2026-11-22T04:00:00.000Z');
		// Do not disturb until 23:00 in La Paz = 03:00 UTC.
		expect(new Date(them.status!.dndUntil!).toISOString()).toBe('2026-11-22T03:00:00.000Z');

		// After midnight in La Paz the status is gone, even before any sweep.
		const later = presenceBoard(company.id, Date.parse('2026-11-22T04:00:00Z'));
		expect(later.people.find((p) => p.userId === traveller.id)!.status).toBeNull();
	});

	it('keeps do-not-disturb until the second pass of a time the clocks go back over', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const paris = makeHouse(company, owner, { timeZone: 'Europe/Paris' });
		expect(setHomeHouse(company.id, owner.id, paris.id)).toBe(true);
		// 25 October 2026, 01:10 UTC: 02:10 in Paris for the second time (03:00 became 02:00 at
		// 01:00 UTC). Quiet "until 02:30" is 20 minutes away, not past since 00:30 UTC.
		const secondPass = Date.parse('2026-10-25T01:10:00Z');
		expect(
			setStatus(company.id, owner.id, { text: '', emoji: '', dndUntil: '02:30' }, secondPass)
		).toEqual({ ok: true });
		const me = boardPerson(company.id, owner.id, secondPass)!;
		expect(new Date(me.status!.dndUntil!).toISOString()).toBe('2026-10-25T01:30:00.000Z');
	});

	it('refuses a do-not-disturb time already past in the person’s zone', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const laPaz = makeHouse(company, owner, { timeZone: 'America/La_Paz' });
		expect(setHomeHouse(company.id, owner.id, laPaz.id)).toBe(true);
		// 22:30 in La Paz: 22:00 is past, even though it is 03:30 in Paris.
		expect(
			setStatus(company.id, owner.id, { text: '', emoji: '', dndUntil: '22:00' }, NOW)
		).toEqual({
			ok: false,
			reason: 'dnd_past'
		});
	});
});

describe('people without a home house', () => {
	it('get their own zone (profile) for today, not the zone of the company’s first house', async () => {
		const owner = await makeUser('Owner');
		const remote = await makeUser('Remote in La Paz');
		const unset = await makeUser('Never chose');
		const company = makeCompany(owner);
		addMember(company, owner, remote, 'member');
		addMember(company, owner, unset, 'member');
		// "Annecy" sorts first: before the fix everyone without a house got its zone.
		makeHouse(company, owner, { name: 'Annecy', timeZone: 'Europe/Paris' });
		updateProfile(remote.id, { timeZone: 'America/La_Paz' });

		const board = presenceBoard(company.id, NOW);
		expect(board.people.find((p) => p.userId === remote.id)).toMatchObject({
			date: '2026-11-21',
			timeZone: 'America/La_Paz'
		});
		expect(board.people.find((p) => p.userId === unset.id)).toMatchObject({
			date: '2026-11-22',
			timeZone: 'Europe/Paris'
		});
		expect(boardPerson(company.id, remote.id, NOW)?.timeZone).toBe('America/La_Paz');
	});

	it('counts the seats from the board’s own plans as a separate read counts them', async () => {
		// The board's seats reuse the plans it read (boardWithSeats); a house on each side of
		// midnight, half-days and a check-in keep that reuse honest.
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const paris = makeHouse(company, owner, { name: 'Paris', timeZone: 'Europe/Paris', seats: 3 });
		const laPaz = makeHouse(company, owner, { name: 'La Paz', timeZone: 'America/La_Paz' });
		const people = [owner];
		for (const name of ['Ana', 'Bo', 'Cy', 'Di']) {
			const user = await makeUser(name);
			addMember(company, owner, user, 'member');
			people.push(user);
		}
		const atParis = { kind: 'house' as const, houseId: paris.id };
		const atHome = { kind: 'home' as const, houseId: null };
		setDayPlan(company.id, people[1].id, '2026-11-22', { split: false, whole: atParis, note: '' });
		setDayPlan(company.id, people[2].id, '2026-11-22', {
			split: true,
			am: atParis,
			pm: atHome,
			note: ''
		});
		// Paris's tomorrow is not La Paz's today: never counted at Paris today.
		setDayPlan(company.id, people[3].id, '2026-11-23', { split: false, whole: atParis, note: '' });
		expect(checkIn(company.id, people[4].id, laPaz.id, NOW)).toMatchObject({ ok: true });

		const { board, seatsLeft } = boardWithSeats(company.id, NOW);
		expect(board).toEqual(presenceBoard(company.id, NOW));
		expect(seatsLeft).toEqual(seatCountsToday(company.id, board.houses, NOW));
		expect(seatsLeft[paris.id]).toMatchObject({ date: '2026-11-22', people: 2, seatsLeft: 1 });
		expect(seatsLeft[laPaz.id]).toMatchObject({ date: '2026-11-21', people: 1, checkedIn: 1 });
	});
});

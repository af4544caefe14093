// The clock a person types a time on in their company's forms (a meeting's start): their home
// house's, their profile's, else the device's the form sent, else the zone all the company's
// houses share, and only then UTC. Before, someone with no home house and no zone saved (a
// sign-up sent before the page's scripts ran) typed times in UTC, an hour off in Paris in winter.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { adoptDeviceTimeZone } from '../../src/lib/server/auth/user';
import { setHomeHouse, setHouseArchived } from '../../src/lib/server/houses/houses';
import {
	companySharedTimeZone,
	personTimeZone
} from '../../src/lib/server/houses/person-time-zone';

useTempDatabase();

/** A company with its owner and a member who chose no zone and has no home house. */
async function companyWithNewcomer() {
	const owner = await makeUser('Owner');
	const company = makeCompany(owner);
	const newcomer = await makeUser('Newcomer');
	addMember(company, owner, newcomer, 'member');
	return { owner, company, newcomer };
}

describe('the clock of a form’s time', () => {
	it('is the zone all the company’s houses share for someone who chose none', async () => {
		const { owner, company, newcomer } = await companyWithNewcomer();
		makeHouse(company, owner, { timeZone: 'Europe/Paris' });
		makeHouse(company, owner, { timeZone: 'Europe/Paris' });
		expect(personTimeZone(company.id, newcomer.id)).toEqual({
			timeZone: 'Europe/Paris',
			source: 'company'
		});
	});

	it('is the device’s, when the form sent a valid one, before the company’s', async () => {
		const { owner, company, newcomer } = await companyWithNewcomer();
		makeHouse(company, owner, { timeZone: 'Europe/Paris' });
		expect(personTimeZone(company.id, newcomer.id, 'America/Martinique')).toEqual({
			timeZone: 'America/Martinique',
			source: 'device'
		});
		// Anything else a form may send is no zone.
		expect(personTimeZone(company.id, newcomer.id, 'Mars/Olympus')).toEqual({
			timeZone: 'Europe/Paris',
			source: 'company'
		});
		expect(personTimeZone(company.id, newcomer.id, '')).toMatchObject({ source: 'company' });
	});

	it('is UTC, said as such, when the houses do not share one zone or there are none', async () => {
		const { owner, company, newcomer } = await companyWithNewcomer();
		expect(personTimeZone(company.id, newcomer.id)).toEqual({ timeZone: 'UTC', source: 'none' });
		makeHouse(company, owner, { timeZone: 'Europe/Paris' });
		const island = makeHouse(company, owner, { timeZone: 'America/Martinique' });
		expect(companySharedTimeZone(company.id)).toBeNull();
		expect(personTimeZone(company.id, newcomer.id)).toEqual({ timeZone: 'UTC', source: 'none' });
		// An archived house no longer counts.
		setHouseArchived(company.id, { userId: owner.id, role: 'owner' }, island.id, true);
		expect(personTimeZone(company.id, newcomer.id)).toEqual({
			timeZone: 'Europe/Paris',
			source: 'company'
		});
	});

	it('is the person’s own when they have one, whatever the device or the houses say', async () => {
		const { owner, company, newcomer } = await companyWithNewcomer();
		makeHouse(company, owner, { timeZone: 'Europe/Paris' });
		adoptDeviceTimeZone(newcomer.id, 'America/New_York');
		expect(personTimeZone(company.id, newcomer.id, 'Asia/Tokyo')).toEqual({
			timeZone: 'America/New_York',
			source: 'profile'
		});
		const home = makeHouse(company, owner, { timeZone: 'America/Martinique' });
		setHomeHouse(company.id, newcomer.id, home.id);
		expect(personTimeZone(company.id, newcomer.id, 'Asia/Tokyo')).toEqual({
			timeZone: 'America/Martinique',
			source: 'house'
		});
	});

	it('never reads another company’s houses', async () => {
		const { company, newcomer } = await companyWithNewcomer();
		const stranger = await makeUser('Stranger');
		makeHouse(makeCompany(stranger), stranger, { timeZone: 'Asia/Tokyo' });
		expect(personTimeZone(company.id, newcomer.id)).toEqual({ timeZone: 'UTC', source: 'none' });
	});
});

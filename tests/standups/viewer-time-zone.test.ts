// The clock a stand-up's times are read on beside its own: the viewer's home house's, else their
// profile's. Someone with no home house (working from home) saw no "your time" at all, though
// their profile says where they are.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { updateProfile } from '../../src/lib/server/auth/user';
import { setHomeHouse } from '../../src/lib/server/houses/houses';
import { viewerTimeZone } from '../../src/lib/server/standups/views';

useTempDatabase();

describe('viewerTimeZone', () => {
	it('reads the home house first, then the profile, and is null with neither', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		expect(viewerTimeZone(company.id, owner.id)).toBeNull();

		updateProfile(owner.id, { timeZone: 'America/Toronto' });
		expect(viewerTimeZone(company.id, owner.id)).toBe('America/Toronto');

		const house = makeHouse(company, owner, { timeZone: 'America/Martinique' });
		expect(setHomeHouse(company.id, owner.id, house.id)).toBe(true);
		expect(viewerTimeZone(company.id, owner.id)).toBe('America/Martinique');
	});

	it('is null for someone who is not a member of the company', async () => {
		const owner = await makeUser('Owner');
		const stranger = await makeUser('Stranger');
		updateProfile(stranger.id, { timeZone: 'Europe/Paris' });
		const company = makeCompany(owner);
		expect(viewerTimeZone(company.id, stranger.id)).toBeNull();
	});
});

// The stand-up page opens the stand-up's call beside the round: like the call page, its load gives
// the house's link budget counting the person about to join, so the call follows it from its
// first second (tracks already published are received within it, not cut back after).
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';

useTempDatabase();
const { addMember, makeCompany, makeHouse, makeUser, standupInput } =
	await import('../helpers/factories');
const { checkIn } = await import('../../src/lib/server/presence/check-in');
const { createStandup } = await import('../../src/lib/server/standups/standups');
const { registerStandupRooms } = await import('../../src/lib/server/standups/video-rooms');
const { NO_BUDGET } = await import('../../src/lib/server/video/link-budget');
const standupPage =
	await import('../../src/routes/(app)/[company]/standups/[standup]/+page.server');

registerStandupRooms();

describe('the stand-up page', () => {
	it('gives the house’s link budget with the person counted in the call', async () => {
		const margaux = await makeUser('Margaux Lefèvre');
		const bastien = await makeUser('Bastien Roux');
		const company = makeCompany(margaux, 'Coopérative de Murat');
		addMember(company, margaux, bastien, 'member');
		// 512 kbit/s: one microphone (73) leaves room for the lowest camera layer only.
		const house = makeHouse(company, margaux, { name: 'Maison Murat', uplinkKbps: 512 });
		const created = createStandup(
			company.id,
			{ userId: margaux.id, role: 'owner' },
			standupInput()
		);
		if (!created.ok) throw new Error(`stand-up refused: ${created.reason}`);
		const load = (user: typeof margaux) =>
			standupPage.load({
				locals: {
					user: { id: user.id, email: user.email, name: user.name, locale: null, theme: null }
				},
				params: { company: company.slug, standup: created.standup.id },
				url: new URL(`http://localhost/${company.slug}/standups/${created.standup.id}`),
				// No note waiting ("Changes saved." after an edit).
				cookies: { get: () => undefined, delete: () => {} },
				parent: async () => ({})
			} as never) as Promise<{ video: { linkBudget: unknown } }>;

		// Not at the house today: its link is not theirs.
		expect((await load(bastien)).video.linkBudget).toEqual(NO_BUDGET);
		checkIn(company.id, bastien.id, house.id);
		expect((await load(bastien)).video.linkBudget).toMatchObject({
			house: { id: house.id, name: 'Maison Murat' },
			people: 1,
			send: 'low',
			reducedBy: ['uplink']
		});
	});
});

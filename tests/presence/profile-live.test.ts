// A new name or time zone on the profile reaches the person's card on the open boards of each of
// their companies, and no other company's.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeUser } from '../helpers/factories';
import type { LiveEvent } from '../../src/lib/live-events';
import { updateProfile } from '../../src/lib/server/auth/user';
import { liveHub } from '../../src/lib/server/live/hub';
import { publishProfileChanged } from '../../src/lib/server/presence/events';

useTempDatabase();

const unsubscribe: Array<() => void> = [];
afterEach(() => unsubscribe.splice(0).forEach((stop) => stop()));

/** The `person` events an open board of the company receives from now on. */
function board(companyId: string): Extract<LiveEvent, { type: 'person' }>[] {
	const events: Extract<LiveEvent, { type: 'person' }>[] = [];
	unsubscribe.push(
		liveHub().subscribe(companyId, `viewer-${companyId}`, null, {
			deliver: ({ event }) => {
				if (event.type === 'person') events.push(event);
			},
			reload: () => {},
			close: () => {}
		})
	);
	return events;
}

describe('a profile change', () => {
	it('sends the person’s new card to each of their companies, and only theirs', async () => {
		const anne = await makeUser('Anne Martin');
		const paul = await makeUser('Paul Roche');
		const other = await makeUser('Other');
		const atelier = makeCompany(anne, 'Atelier');
		const bureau = makeCompany(paul, 'Bureau');
		addMember(bureau, paul, anne, 'member');
		const elsewhere = makeCompany(other, 'Ailleurs');
		const [atAtelier, atBureau, atElsewhere] = [atelier, bureau, elsewhere].map((c) => board(c.id));

		updateProfile(anne.id, { name: 'Anne Vidal', timeZone: 'America/Martinique' });
		publishProfileChanged(anne.id);

		for (const events of [atAtelier, atBureau]) {
			expect(events.map((event) => event.person)).toEqual([
				expect.objectContaining({
					userId: anne.id,
					name: 'Anne Vidal',
					timeZone: 'America/Martinique'
				})
			]);
		}
		expect(atElsewhere).toEqual([]);
	});
});

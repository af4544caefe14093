// Boards follow changes to who is in the company and which houses it works from: each such change
// publishes a `company` event on that company's live channel (and on no other company's).
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveEvent, LiveMessage } from '../../src/lib/live-events';
import { leaveCompany, removeMember } from '../../src/lib/server/companies/members';
import {
	createHouse,
	setHomeHouse,
	setHouseArchived,
	updateHouse
} from '../../src/lib/server/houses/houses';
import { liveHub } from '../../src/lib/server/live/hub';
import { addMember, houseInput, makeCompany, makeUser } from '../helpers/factories';
import { useTempDatabase } from '../helpers/temp-db';

useTempDatabase();

const unsubscribers: Array<() => void> = [];
afterEach(() => unsubscribers.splice(0).forEach((stop) => stop()));

/** The events the company's channel carries from now on. */
function listen(companyId: string): LiveEvent[] {
	const received: LiveEvent[] = [];
	unsubscribers.push(
		liveHub().subscribe(companyId, `watcher-${companyId}`, null, {
			deliver: (message: LiveMessage) => received.push(message.event),
			reload: () => {},
			close: () => {}
		})
	);
	return received;
}

const companyEvents = (events: LiveEvent[]) => events.filter((e) => e.type === 'company').length;

describe('company changes on the live channel', () => {
	it('announces members joining, leaving and being removed, to that company only', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const other = makeCompany(await makeUser('Elsewhere'));
		const events = listen(company.id);
		const otherEvents = listen(other.id);

		const ana = await makeUser('Ana');
		const bruno = await makeUser('Bruno');
		addMember(company, owner, ana, 'member');
		addMember(company, owner, bruno, 'member');
		expect(companyEvents(events)).toBe(2);

		expect(leaveCompany(company.id, ana.id).ok).toBe(true);
		expect(removeMember(company.id, { userId: owner.id, role: 'owner' }, bruno.id).ok).toBe(true);
		expect(companyEvents(events)).toBe(4);
		// A refused change announces nothing.
		expect(removeMember(company.id, { userId: owner.id, role: 'owner' }, bruno.id).ok).toBe(false);
		expect(companyEvents(events)).toBe(4);
		expect(companyEvents(otherEvents)).toBe(0);
	});

	it('announces houses created, edited, archived and chosen as home', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const events = listen(company.id);
		const actor = { userId: owner.id, role: 'owner' as const };

		const house = createHouse(company.id, actor, houseInput({ name: 'Maison Murat' }));
		expect(house).not.toBeNull();
		expect(updateHouse(company.id, actor, house!.id, houseInput({ name: 'Maison Murat 2' }))).toBe(
			true
		);
		expect(setHomeHouse(company.id, owner.id, house!.id)).toBe(true);
		expect(setHouseArchived(company.id, actor, house!.id, true)).toBe(true);
		expect(companyEvents(events)).toBe(4);
		// A member may not edit houses: nothing changes, nothing is announced.
		expect(
			updateHouse(company.id, { userId: owner.id, role: 'member' }, house!.id, houseInput())
		).toBe(false);
		expect(companyEvents(events)).toBe(4);
	});
});

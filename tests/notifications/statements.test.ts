// "Your monthly house statement is ready": each billed company's owners and managers, when the
// operator closes the month, once; members and unbilled companies hear nothing.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { closeMonth } from '../../src/lib/server/billing/closing';
import { memberships } from '../../src/lib/server/db/schema';
import { listNotifications } from '../../src/lib/server/notifications/notifications';
import { createOperator } from '../../src/lib/server/operators/operators';
import {
	addPerson,
	checkIn,
	makeAgreement,
	makeCompanyRow,
	makeOperatorHouse,
	makePerson
} from '../billing/support';

const { db } = useTempDatabase();
const NOVEMBER = Date.parse('2026-11-02T10:00:00Z');

function withRole(companyId: string, name: string, role: 'owner' | 'manager') {
	const person = makePerson(name);
	db().insert(memberships).values({ companyId, userId: person.id, role }).run();
	return person;
}

describe('statement ready', () => {
	it('tells the billed companies’ owners and managers once the month is closed', () => {
		const officer = makePerson('Officer');
		const operator = createOperator(officer.id, 'Commune de Murat');
		const house = makeOperatorHouse(operator.id);
		const actor = { operatorId: operator.id, userId: officer.id };
		const volcans = makeCompanyRow('Scop Volcans');
		makeAgreement(house, volcans.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
		const owner = withRole(volcans.id, 'Olga', 'owner');
		const manager = withRole(volcans.id, 'Marc', 'manager');
		const alice = addPerson(volcans.id, 'Alice');
		checkIn(house, volcans.id, alice.id, '2026-10-05');
		// Checked in without an agreement: not billed, not told.
		const stranger = makeCompanyRow('Sans convention');
		const strangerOwner = withRole(stranger.id, 'Sam', 'owner');
		checkIn(house, stranger.id, addPerson(stranger.id, 'Dan').id, '2026-10-05');

		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);
		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(false);

		const [told] = listNotifications(owner.id, 'fr');
		expect(listNotifications(owner.id, 'fr')).toHaveLength(1);
		expect(told.text).toBe(`Votre relevé pour ${house.name} est prêt (octobre 2026)`);
		expect(told.link).toMatch(new RegExp(`/houses/${house.id}/statements/2026-10$`));
		expect(listNotifications(manager.id, 'en')).toHaveLength(1);
		expect(listNotifications(alice.id, 'en')).toEqual([]);
		expect(listNotifications(strangerOwner.id, 'en')).toEqual([]);
		expect(listNotifications(officer.id, 'en')).toEqual([]);
	});

	it('tells someone who runs two billed companies of each statement, with its own link', () => {
		const officer = makePerson('Officer');
		const operator = createOperator(officer.id, 'Commune d’Allanche');
		const house = makeOperatorHouse(operator.id);
		const actor = { operatorId: operator.id, userId: officer.id };
		const [volcans, lavoir] = [makeCompanyRow('Scop Volcans'), makeCompanyRow('Atelier Lavoir')];
		const olga = withRole(volcans.id, 'Olga', 'owner');
		db()
			.insert(memberships)
			.values({ companyId: lavoir.id, userId: olga.id, role: 'manager' })
			.run();
		for (const company of [volcans, lavoir]) {
			makeAgreement(house, company.id, {
				startDate: '2026-10-01',
				terms: [{ validFrom: '2026-10-01' }]
			});
			checkIn(house, company.id, addPerson(company.id, `Alice ${company.name}`).id, '2026-10-05');
		}
		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);
		const told = listNotifications(olga.id, 'en');
		expect(told).toHaveLength(2);
		expect(new Set(told.map((notification) => notification.link)).size).toBe(2);
	});
});

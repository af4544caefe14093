// Test data for operators: built through the real domain functions where they exist; check-ins
// and agreements are written as rows, as the desk, the QR page and the agreements module would.
import {
	dayPlans,
	agreements,
	type House,
	type Operator,
	type User
} from '../../src/lib/server/db/schema';
import { getDb } from '../../src/lib/server/db';
import { newId } from '../../src/lib/server/ids';
import { createOperator } from '../../src/lib/server/operators/operators';
import {
	createOperatorHouse,
	type OperatedHouseInput
} from '../../src/lib/server/operators/houses';
import {
	acceptOperatorInvitation,
	createOperatorInvitation
} from '../../src/lib/server/operators/invitations';
import type { DayHalf, OperatorRole } from '../../src/lib/server/db/schema';

let counter = 0;

export function makeOperator(admin: User, name = `Commune ${++counter}`): Operator {
	return createOperator(admin.id, name);
}

/** Adds `user` with `role` the way the app does: through an invitation. */
export function addOperatorMember(operator: Operator, admin: User, user: User, role: OperatorRole) {
	const created = createOperatorInvitation(
		operator.id,
		{ userId: admin.id, role: 'admin' },
		{ role, email: null, expiresInDays: 1, maxUses: 1 }
	);
	if (!created) throw new Error('admin could not invite');
	const accepted = acceptOperatorInvitation(created.token, user);
	if (!accepted.ok) throw new Error(`not accepted: ${accepted.reason}`);
}

export function operatedHouseInput(
	overrides: Partial<OperatedHouseInput> = {}
): OperatedHouseInput {
	counter += 1;
	return {
		name: `Maison ${counter}`,
		commune: 'Murat',
		address: '2 place de la Mairie',
		seats: 12,
		timeZone: 'Europe/Paris',
		openingDays: [1, 2, 3, 4, 5],
		opensAt: '08:30',
		closesAt: '18:00',
		listed: false,
		...overrides
	};
}

export function makeOperatedHouse(
	operator: Operator,
	admin: User,
	overrides: Partial<OperatedHouseInput> = {}
): House {
	const house = createOperatorHouse(
		operator.id,
		{ userId: admin.id, role: 'admin' },
		operatedHouseInput(overrides)
	);
	if (!house) throw new Error('admin could not create a house');
	return house;
}

export function linkCompany(
	operator: Operator,
	house: House,
	companyId: string,
	startDate = '2020-01-01',
	endDate: string | null = null
) {
	getDb()
		.insert(agreements)
		.values({
			id: newId(),
			operatorId: operator.id,
			houseId: house.id,
			companyId,
			startDate,
			endDate
		})
		.run();
}

/** A check-in (`checked`) or a mere plan at the house. */
export function presence(
	house: House,
	companyId: string,
	userId: string,
	date: string,
	{ half = 'day', checked = true }: { half?: DayHalf; checked?: boolean } = {}
) {
	getDb()
		.insert(dayPlans)
		.values({
			companyId,
			userId,
			date,
			half,
			kind: 'house',
			houseId: house.id,
			checkedInAt: checked ? new Date() : null,
			checkInMethod: checked ? 'click' : null,
			updatedAt: new Date()
		})
		.run();
}

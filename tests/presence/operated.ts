// Test data for operated houses: an operator's house, and agreements written straight into the
// tables (the agreement forms are another module's; only their rows matter here).
import { getDb } from '../../src/lib/server/db';
import {
	agreements,
	agreementTerms,
	companyHouses,
	houses,
	type Company,
	type House
} from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { houseInput } from '../helpers/factories';

/** A house the operator runs, open Monday to Friday. */
export function makeOperatedHouse(
	operatorId: string,
	overrides: Partial<Pick<House, 'name' | 'seats' | 'timeZone'>> = {}
): House {
	const input = houseInput(overrides);
	return getDb()
		.insert(houses)
		.values({
			id: newId(),
			name: input.name,
			commune: input.commune,
			address: input.address,
			seats: input.seats,
			timeZone: input.timeZone,
			operatorId
		})
		.returning()
		.get();
}

/** An agreement of the company at the house (linking them), reserving seats from its start. */
export function makeAgreement(
	house: House,
	company: Company,
	options: { startDate: string; endDate?: string | null; reservedSeats?: number }
): string {
	const id = newId();
	const db = getDb();
	db.insert(agreements)
		.values({
			id,
			operatorId: house.operatorId!,
			houseId: house.id,
			companyId: company.id,
			startDate: options.startDate,
			endDate: options.endDate ?? null
		})
		.run();
	db.insert(agreementTerms)
		.values({
			id: newId(),
			agreementId: id,
			validFrom: options.startDate,
			reservedSeats: options.reservedSeats ?? 0,
			model: 'cost_share',
			emptyMonthRule: 'split_equally'
		})
		.run();
	db.insert(companyHouses).values({ companyId: company.id, houseId: house.id }).run();
	return id;
}

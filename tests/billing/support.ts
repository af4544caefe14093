// Billing test data: an operator's house, companies under agreements with their versions of
// terms, people and their check-ins and plans, written as rows (the agreements module is
// another helper's work; the rows are the same).
import { getDb } from '../../src/lib/server/db';
import {
	agreements,
	agreementTerms,
	companies,
	memberships,
	dayPlans,
	houses,
	planPatterns,
	users,
	type DayHalf,
	type House
} from '../../src/lib/server/db/schema';
import type { AgreementTerms } from '../../src/lib/billing/terms';
import { newId } from '../../src/lib/server/ids';

let counter = 0;

export function makeOperatorHouse(operatorId: string, overrides: Partial<House> = {}): House {
	counter += 1;
	const house = {
		id: newId(),
		name: `Maison ${counter}`,
		commune: 'Murat',
		seats: 10,
		timeZone: 'Europe/Paris',
		operatorId,
		...overrides
	};
	getDb().insert(houses).values(house).run();
	return getDb()
		.query.houses.findFirst({ where: (h, { eq }) => eq(h.id, house.id) })
		.sync()!;
}

export function makePerson(name: string): { id: string; name: string } {
	counter += 1;
	const person = { id: newId(), name };
	getDb()
		.insert(users)
		.values({ ...person, email: `p${counter}-${person.id}@example.org`, passwordHash: 'x' })
		.run();
	return person;
}

export function makeCompanyRow(name: string): { id: string; name: string } {
	counter += 1;
	const company = { id: newId(), name };
	getDb()
		.insert(companies)
		.values({ ...company, slug: `company-${counter}-${company.id.slice(0, 6)}` })
		.run();
	return company;
}

export function addPerson(companyId: string, name: string) {
	const person = makePerson(name);
	getDb().insert(memberships).values({ companyId, userId: person.id, role: 'member' }).run();
	return person;
}

type TermsInput = Partial<Omit<AgreementTerms, 'id'>> & { validFrom: string };

/** An agreement of the company at the house with its versions of terms (cost share by default). */
export function makeAgreement(
	house: House,
	companyId: string,
	options: { startDate: string; endDate?: string | null; terms: TermsInput[] }
): { id: string; termIds: string[] } {
	const id = newId();
	getDb()
		.insert(agreements)
		.values({
			id,
			operatorId: house.operatorId!,
			houseId: house.id,
			companyId,
			startDate: options.startDate,
			endDate: options.endDate ?? null
		})
		.run();
	const termIds = options.terms.map((terms) => {
		const termsId = newId();
		getDb()
			.insert(agreementTerms)
			.values({
				id: termsId,
				agreementId: id,
				reservedSeats: 0,
				model: 'cost_share',
				emptyMonthRule: 'split_equally',
				...terms
			})
			.run();
		return termsId;
	});
	return { id, termIds };
}

/** A check-in (the only thing that bills) at the house. */
export function checkIn(
	house: House,
	companyId: string,
	userId: string,
	date: string,
	half: DayHalf = 'day'
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
			checkedInAt: new Date(`${date}T09:00:00Z`),
			checkInMethod: 'click',
			updatedAt: new Date()
		})
		.run();
}

/** A plan at the house, never checked in. */
export function plan(house: House, companyId: string, userId: string, date: string) {
	getDb()
		.insert(dayPlans)
		.values({
			companyId,
			userId,
			date,
			half: 'day',
			kind: 'house',
			houseId: house.id,
			updatedAt: new Date()
		})
		.run();
}

/** A usual week: the house every `weekday` from `validFrom`. */
export function usualWeek(
	house: House,
	companyId: string,
	userId: string,
	weekday: number,
	validFrom: string
) {
	getDb()
		.insert(planPatterns)
		.values({ companyId, userId, weekday, validFrom, kind: 'house', houseId: house.id })
		.run();
}

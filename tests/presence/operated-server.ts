// An operated house on a running server, for the presence tests over HTTP: people who sign up,
// their companies, and the operator, its house and agreements written straight into the server's
// file (the operator's and the agreements' own pages are other tests').
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { HttpClient, strongPassword, uniqueEmail } from '../helpers/client';
import type { ServerDb } from '../helpers/read-db';
import type { RunningServer } from '../helpers/server';
import * as schema from '../../src/lib/server/db/schema';
import {
	agreements,
	agreementTerms,
	companies,
	companyHouses,
	houses,
	operators,
	users
} from '../../src/lib/server/db/schema';

/** A writable connection to the server's file. */
export type ServerSetup = ReturnType<typeof drizzle<typeof schema>> & {
	$client: Database.Database;
};

export function openServerSetup(dbPath: string): ServerSetup {
	return drizzle(new Database(dbPath, { timeout: 5000 }), { schema });
}

export type Person = { client: HttpClient; id: string; email: string };

/** Someone who signed up through the pages, with their own client. */
export async function signUpPerson(
	server: RunningServer,
	db: ServerDb,
	key: string,
	name: string
): Promise<Person> {
	const client = new HttpClient(server.url);
	const email = uniqueEmail(key);
	await client.signUp(name, email, strongPassword(key));
	const id = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
	return { client, id, email };
}

/** A company created through the pages by `owner`: its slug and id. */
export async function createCompanyAs(owner: Person, db: ServerDb, name: string) {
	const slug = await owner.client.createCompany(name);
	const id = db.select({ id: companies.id }).from(companies).where(eq(companies.slug, slug)).get()!
		.id;
	return { slug, id };
}

/** An operator and one house it runs, open every day, in Europe/Paris. */
export function seedOperatedHouse(
	setup: ServerSetup,
	operator: { id: string; name: string; slug: string },
	house: { id: string; name: string; commune: string; seats: number }
): void {
	setup.insert(operators).values(operator).run();
	setup
		.insert(houses)
		.values({
			...house,
			timeZone: 'Europe/Paris',
			operatorId: operator.id,
			openingDays: [1, 2, 3, 4, 5, 6, 7]
		})
		.run();
}

/** The company's agreement at the house (cost share, from `startDate`), and its link to it. */
export function agreeAtHouse(
	setup: ServerSetup,
	agreement: {
		id: string;
		operatorId: string;
		houseId: string;
		companyId: string;
		startDate?: string;
		reservedSeats?: number;
	}
): void {
	const { reservedSeats = 0, startDate = '2026-01-01', ...rest } = agreement;
	setup
		.insert(agreements)
		.values({ ...rest, startDate })
		.run();
	setup
		.insert(agreementTerms)
		.values({
			id: `${agreement.id}terms`,
			agreementId: agreement.id,
			validFrom: startDate,
			reservedSeats,
			model: 'cost_share',
			emptyMonthRule: 'split_equally'
		})
		.run();
	setup
		.insert(companyHouses)
		.values({ companyId: agreement.companyId, houseId: agreement.houseId })
		.run();
}

/** Today in the houses' time zone. */
export const parisToday = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

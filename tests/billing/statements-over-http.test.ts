// The billing pages over real HTTP: an operator's officer records costs and closes a month; each
// company's owner reads only its own statement (with its own people) and downloads it as CSV in
// their language; the operator's pages show counts and never a name; a non-member of the
// operator gets 404 on every page and action, and a member of the company 403.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';
import * as schema from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';

let server: RunningServer;
let sqlite: Database.Database;
let db: ReturnType<typeof drizzle<typeof schema>>;

type Person = { client: HttpClient; id: string };

async function person(name: string): Promise<Person> {
	const client = new HttpClient(server.url);
	const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
	await client.signUp(name, email, strongPassword('bill'));
	const row = db
		.select({ id: schema.users.id })
		.from(schema.users)
		.where(eq(schema.users.email, email))
		.get();
	return { client, id: row!.id };
}

/** A person on a company's books who never logs in: their check-ins are rows. */
function worker(companyId: string, name: string): string {
	const id = newId();
	db.insert(schema.users)
		.values({ id, name, email: `${id}@example.org`, passwordHash: 'x' })
		.run();
	db.insert(schema.memberships).values({ companyId, userId: id, role: 'member' }).run();
	return id;
}

function checkIn(
	companyId: string,
	userId: string,
	houseId: string,
	date: string,
	half: 'day' | 'am' = 'day'
) {
	db.insert(schema.dayPlans)
		.values({
			companyId,
			userId,
			date,
			half,
			kind: 'house',
			houseId,
			checkedInAt: new Date(`${date}T08:00:00Z`),
			checkInMethod: 'qr',
			updatedAt: new Date()
		})
		.run();
}

let officer: Person, staff: Person, stranger: Person, rival: Person;
let ownerA: Person, ownerB: Person, memberA: Person, ownerC: Person;
let slugA: string, slugB: string, slugC: string, companyA: string, companyB: string;
let houseId: string;
const OP = 'commune-de-murat';
const MONTH = '2026-10';

function companyId(slug: string): string {
	return db.select().from(schema.companies).where(eq(schema.companies.slug, slug)).get()!.id;
}

beforeAll(async () => {
	server = await startServer();
	sqlite = new Database(server.dbPath);
	sqlite.pragma('busy_timeout = 5000');
	db = drizzle(sqlite, { schema });
	[officer, staff, stranger, rival, ownerA, ownerB, memberA, ownerC] = await Promise.all(
		['Officer', 'Staff', 'Stranger', 'Rival', 'Owner A', 'Owner B', 'Member A', 'Owner C'].map(
			person
		)
	);
	slugA = await ownerA.client.createCompany('Scop Volcans');
	slugB = await ownerB.client.createCompany('Atelier Lavoir');
	slugC = await ownerC.client.createCompany('Sans Convention');
	companyA = companyId(slugA);
	companyB = companyId(slugB);
	db.insert(schema.memberships)
		.values({ companyId: companyA, userId: memberA.id, role: 'member' })
		.run();

	const operatorId = newId();
	const rivalOperator = newId();
	db.insert(schema.operators)
		.values([
			{ id: operatorId, name: 'Commune de Murat', slug: OP },
			{ id: rivalOperator, name: 'Autre réseau', slug: 'autre-reseau' }
		])
		.run();
	db.insert(schema.operatorMembers)
		.values([
			{ operatorId, userId: officer.id, role: 'admin' },
			{ operatorId, userId: staff.id, role: 'staff' },
			{ operatorId: rivalOperator, userId: rival.id, role: 'admin' }
		])
		.run();
	houseId = newId();
	db.insert(schema.houses)
		.values({
			id: houseId,
			name: 'Maison de Murat',
			commune: 'Murat',
			seats: 10,
			timeZone: 'Europe/Paris',
			operatorId
		})
		.run();
	for (const company of [companyA, companyB]) {
		const agreementId = newId();
		db.insert(schema.agreements)
			.values({ id: agreementId, operatorId, houseId, companyId: company, startDate: '2026-09-01' })
			.run();
		db.insert(schema.agreementTerms)
			.values({
				id: newId(),
				agreementId,
				validFrom: '2026-09-01',
				model: 'cost_share',
				emptyMonthRule: 'split_equally'
			})
			.run();
	}
	const alice = worker(companyA, 'Alice Volcans');
	const bob = worker(companyA, 'Bob Volcans');
	const carol = worker(companyB, 'Carol Lavoir');
	checkIn(companyA, alice, houseId, '2026-10-05');
	checkIn(companyA, alice, houseId, '2026-10-06');
	checkIn(companyA, alice, houseId, '2026-10-07', 'am');
	checkIn(companyA, bob, houseId, '2026-10-05', 'am');
	checkIn(companyB, carol, houseId, '2026-10-05');
	checkIn(companyB, carol, houseId, '2026-10-06');
	checkIn(companyB, carol, houseId, '2026-10-08', 'am');
}, 120_000);

afterAll(async () => {
	sqlite?.close();
	await server?.stop();
});

/**
 * A page (a path to read, or any request) as `reader` has it with French chosen on their account,
 * then their own language again.
 */
async function inFrench(
	reader: Person,
	request: string | (() => Promise<Response>)
): Promise<string> {
	const byId = eq(schema.users.id, reader.id);
	const { locale } = db
		.select({ locale: schema.users.locale })
		.from(schema.users)
		.where(byId)
		.get()!;
	db.update(schema.users).set({ locale: 'fr' }).where(byId).run();
	try {
		const response =
			typeof request === 'string' ? await reader.client.get(request) : await request();
		return await response.text();
	} finally {
		db.update(schema.users).set({ locale }).where(byId).run();
		// The page set the language cookie to French: a browser would keep it, this reader does not.
		reader.client.cookies.delete('PARAGLIDE_LOCALE');
	}
}

const costs = () => `/operators/${OP}/houses/${houseId}/costs`;
const months = () => `/operators/${OP}/houses/${houseId}/months`;

describe('the operator', () => {
	it('records the month’s costs, closes it, and then cannot change them', async () => {
		let response = await officer.client.postForm(`${costs()}?/add`, {
			month: MONTH,
			category: 'rent',
			label: 'Loyer',
			amount: '1 500'
		});
		expect(response.status, await explain(response)).toBe(200);
		response = await officer.client.postForm(`${costs()}?/add`, {
			month: MONTH,
			category: 'energy',
			label: '',
			amount: 'beaucoup'
		});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Enter an amount in euros');
		// Staff record costs too.
		response = await staff.client.postForm(`${costs()}?/add`, {
			month: MONTH,
			category: 'energy',
			label: 'EDF',
			amount: '500,00'
		});
		expect(response.status, await explain(response)).toBe(200);
		const page = await (await officer.client.get(`${costs()}?month=${MONTH}`)).text();
		expect(page).toContain('2,000.00');

		// Only an admin closes, and staff read the operator's wording, not a company's.
		response = await staff.client.postForm(`${months()}?/close`, { month: MONTH });
		expect(response.status).toBe(403);
		expect(await response.text()).toContain('Your role at this operator does not allow this');
		const close = (month: string) =>
			officer.client.postForm(`${months()}?/close`, { month, confirmed: 'yes' });
		response = await close('2099-01');
		expect(response.status).toBe(409);
		expect(await response.text()).toContain('has not ended yet');
		// Before the house's first agreement (September): nothing to close.
		response = await close('2026-08');
		expect(response.status).toBe(409);
		expect(await response.text()).toContain('there is nothing to close');

		// Months close in order: September, the first agreement's month, comes first. The page
		// offers it alone, says it has no running costs and what to do, and counts what waits.
		let list = await (await officer.client.get(months())).text();
		expect(list).toContain('Close September 2026');
		expect(list).not.toContain('Close October 2026');
		expect(list).toContain('No running costs entered for September 2026');
		expect(list).toContain('If the house had none, close it as it is');
		expect(list).toMatch(/After it, \d+ more ended months? waits? to be closed/);
		// October's page, still open, says so and leads to September instead.
		let open = await (await officer.client.get(`${months()}/${MONTH}`)).text();
		expect(open).toContain('Months close in order: September 2026 is to be closed first.');
		expect(open).toContain(`href="${months()}#close-2026-09"`);
		expect(open).not.toContain(`#close-${MONTH}`);
		// Closing October is refused, confirmed or not, naming the month to close first — in the
		// officer's language too.
		const attempts: Array<Record<string, string>> = [
			{ month: MONTH },
			{ month: MONTH, confirmed: 'yes' }
		];
		for (const fields of attempts) {
			response = await officer.client.postForm(`${months()}?/close`, fields);
			expect(response.status).toBe(409);
			const refused = await response.text();
			expect(refused).toContain('Close September 2026 first');
			expect(refused).not.toContain('Close October 2026?');
		}
		expect(await inFrench(officer, () => close(MONTH))).toContain(
			'Clôturez d’abord septembre 2026'
		);
		// September, without costs, is asked about with that said, then closes as it is.
		response = await officer.client.postForm(`${months()}?/close`, { month: '2026-09' });
		expect(response.status, await explain(response)).toBe(200);
		expect(await response.text()).toContain(
			'No running costs are entered for it: it will bill no share of the costs.'
		);
		response = await close('2026-09');
		expect(response.status, await explain(response)).toBe(200);
		list = await (await officer.client.get(months())).text();
		expect(list).toContain('Close October 2026');
		expect(list).not.toContain('No running costs entered for October 2026');

		// The month's page before it closes: its figures so far, counts only, and the way to close it.
		open = await (await officer.client.get(`${months()}/${MONTH}`)).text();
		expect(open).toContain('This month is still open');
		expect(open).toContain('2,000.00');
		expect(open).toContain('Scop Volcans');
		expect(open).toContain('3 person-days');
		expect(open).toContain('2.5 person-days');
		expect(open).toContain('Running costs of October 2026');
		// French elides "de" before "octobre" (formatOfMonth).
		const openInFrench = await inFrench(officer, `${months()}/${MONTH}`);
		expect(openInFrench).toContain('Charges d’octobre 2026');
		expect(open).toContain(`href="${months()}#close-${MONTH}"`);
		expect(open).not.toContain('Months close in order:');
		expect(open).not.toMatch(/Alice|Bob|Carol/);
		// Who funds an open month reads as a sentence (it read "Funded by — …", the form's label).
		response = await officer.client.postForm(`${costs()}?/funding`, {
			month: '2027-01',
			kind: 'percent',
			value: '10',
			label: 'Département du Cantal'
		});
		expect(response.status, await explain(response)).toBe(200);
		const funded = await (await officer.client.get(`${months()}/2027-01`)).text();
		expect(funded).toContain('Funded by Département du Cantal');
		expect(await inFrench(officer, `${months()}/2027-01`)).toContain(
			'Financé par Département du Cantal'
		);
		// Staff see it too, without the way to close it.
		const openToStaff = await (await staff.client.get(`${months()}/${MONTH}`)).text();
		expect(openToStaff).toContain('2,000.00');
		expect(openToStaff).not.toContain(`#close-${MONTH}`);

		// Closing cannot be undone: posted unconfirmed, it is asked, not done.
		response = await officer.client.postForm(`${months()}?/close`, { month: MONTH });
		expect(response.status, await explain(response)).toBe(200);
		const asked = await response.text();
		expect(asked).toContain('Close October 2026?');
		expect(asked).toContain('This cannot be undone');
		expect(asked).not.toContain('No running costs are entered for it');
		response = await close(MONTH);
		expect(response.status, await explain(response)).toBe(200);
		response = await close(MONTH);
		expect(response.status).toBe(409);
		const refused = await response.text();
		expect(refused).toContain('already closed');
		// The page answering the refusal shows the month closed, not on offer.
		expect(refused).not.toContain('Close October 2026');
		expect(refused).toContain(`href="${months()}/${MONTH}"`);

		response = await officer.client.postForm(`${costs()}?/add`, {
			month: MONTH,
			category: 'other',
			label: '',
			amount: '10'
		});
		expect(response.status).toBe(409);
		expect(await response.text()).toContain('This month is closed');
	});

	it('sees each company’s figures and counts, never a person', async () => {
		const month = await (await staff.client.get(`${months()}/${MONTH}`)).text();
		expect(month).toContain('Scop Volcans');
		expect(month).toContain('Atelier Lavoir');
		expect(month).toContain('1,090.91');
		const network = await (
			await staff.client.get(`/operators/${OP}/statements?month=${MONTH}`)
		).text();
		expect(network).toContain('Maison de Murat');
		expect(network).toContain('2,000.00');
		for (const page of [month, network, await (await officer.client.get(months())).text()]) {
			expect(page).not.toMatch(/Alice|Bob|Carol/);
		}
	});

	it('records an adjustment on a closed month (admins only)', async () => {
		const path = `${months()}/${MONTH}?/adjust`;
		const fields = { companyId: companyA, amount: '-50', reason: 'Panne de chauffage' };
		expect((await staff.client.postForm(path, fields)).status).toBe(403);
		let response = await officer.client.postForm(path, { ...fields, reason: ' ' });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Say why');
		// The form says which month will bill it: November, the next to close after October.
		const page = await (await officer.client.get(`${months()}/${MONTH}`)).text();
		expect(page).toContain(
			'billed to the company on its statement for November 2026, when that month is closed'
		);
		const french = await inFrench(officer, () => officer.client.get(`${months()}/${MONTH}`));
		expect(french).toContain('sur son relevé de novembre 2026, quand ce mois sera clôturé');
		response = await officer.client.postForm(path, fields);
		expect(response.status, await explain(response)).toBe(200);
		expect(await response.text()).toContain(
			'Adjustment recorded: it will be on the company’s statement for November 2026.'
		);
		const list = await (await officer.client.get(months())).text();
		expect(list).toContain('Panne de chauffage');
		expect(list).toContain('Pending: billed with the statements for November 2026');
	});

	it('records a correction once when its form is sent twice, and again from a form drawn anew', async () => {
		const path = `${months()}/${MONTH}`;
		const requestIdOf = (html: string) =>
			/name="requestId" value="([a-z0-9]+)"/.exec(html)?.[1] ?? null;
		const drawn = requestIdOf(await (await officer.client.get(path)).text());
		expect(drawn).not.toBeNull();
		const fields = {
			companyId: companyA,
			amount: '12€50',
			reason: 'Badge perdu, envoyé deux fois',
			requestId: drawn!
		};
		// A double click without scripts, or the browser's "resend": the same form twice.
		for (let sent = 0; sent < 2; sent += 1) {
			const response = await officer.client.postForm(`${path}?/adjust`, fields);
			expect(response.status, await explain(response)).toBe(200);
			expect(await response.text()).toContain('Adjustment recorded');
		}
		const recorded = () =>
			db
				.select()
				.from(schema.statementAdjustments)
				.where(eq(schema.statementAdjustments.reason, fields.reason))
				.all();
		expect(recorded().map((row) => row.amountCents)).toEqual([1_250]);
		// The page drawn again has a new form: the same correction sent from it is another one.
		const again = requestIdOf(await (await officer.client.get(path)).text());
		expect(again).not.toBe(drawn);
		await officer.client.postForm(`${path}?/adjust`, { ...fields, requestId: again! });
		expect(recorded()).toHaveLength(2);
	});

	it('answers 404 to anyone outside the operator, on every page and action', async () => {
		const pages = [
			costs(),
			`${costs()}?month=${MONTH}`,
			months(),
			`${months()}/${MONTH}`,
			`/operators/${OP}/statements`
		];
		const actions: Array<[string, Record<string, string>]> = [
			[`${costs()}?/add`, { month: '2026-11', category: 'rent', label: '', amount: '1' }],
			[
				`${costs()}?/update`,
				{ month: '2026-11', lineId: 'x', category: 'rent', label: '', amount: '1' }
			],
			[`${costs()}?/delete`, { month: '2026-11', lineId: 'x' }],
			[`${costs()}?/copy`, { month: '2026-11' }],
			[`${costs()}?/funding`, { month: '2026-11', kind: 'amount', value: '1', label: '' }],
			[`${costs()}?/removeFunding`, { month: '2026-11' }],
			[`${months()}?/close`, { month: '2026-11', confirmed: 'yes' }],
			[`${months()}/${MONTH}?/adjust`, { companyId: companyA, amount: '1', reason: 'x' }]
		];
		for (const client of [stranger.client, ownerA.client]) {
			for (const path of pages) expect((await client.get(path)).status, path).toBe(404);
			for (const [path, fields] of actions) {
				expect((await client.postForm(path, fields)).status, path).toBe(404);
			}
		}
		// Another operator's admin, on this operator's house under their own name.
		const foreign = `/operators/autre-reseau/houses/${houseId}`;
		for (const path of [`${foreign}/costs`, `${foreign}/months`, `${foreign}/months/${MONTH}`]) {
			expect((await rival.client.get(path)).status, path).toBe(404);
		}
		expect(
			(await rival.client.postForm(`${foreign}/months?/close`, { month: MONTH, confirmed: 'yes' }))
				.status
		).toBe(404);
	});
});

describe('a company', () => {
	const statement = (slug: string) => `/${slug}/houses/${houseId}/statements/${MONTH}`;

	it('reads its own statement, its formula and its people, and nobody else’s', async () => {
		const list = await (await ownerA.client.get(`/${slugA}/houses/${houseId}/statements`)).text();
		expect(list).toContain('1,090.91');
		const page = await ownerA.client.get(statement(slugA));
		expect(page.status, await explain(page)).toBe(200);
		const html = await page.text();
		// 2 000,00 € × 3 ÷ 5.5 person-days, then the credit recorded above is still pending.
		expect(html).toContain('€2,000.00 × 3 ÷ 5.5 person-days = €1,090.91');
		expect(html).toContain('Alice Volcans');
		expect(html).toContain('Bob Volcans');
		expect(html).not.toMatch(/Carol|Atelier Lavoir/);
		const theirs = await (await ownerB.client.get(statement(slugB))).text();
		expect(theirs).toContain('Carol Lavoir');
		expect(theirs).not.toMatch(/Alice|Bob|Scop Volcans/);
	});

	it('names its company after "relevé" as French writes it: "d’" before a vowel', async () => {
		const lavoir = await inFrench(ownerB, statement(slugB));
		expect(lavoir).toContain('Relevé d’octobre 2026');
		expect(lavoir).toContain(
			'Maison de Murat, gérée par Commune de Murat — relevé d’Atelier Lavoir'
		);
		expect(await inFrench(ownerA, statement(slugA))).toContain('— relevé de Scop Volcans');
		const english = await (await ownerA.client.get(statement(slugA))).text();
		expect(english).toContain(
			'Maison de Murat, run by Commune de Murat — statement of Scop Volcans'
		);
	});

	it('never reaches another company’s statement, nor a house it has no agreement at', async () => {
		expect((await ownerA.client.get(statement(slugB))).status).toBe(404);
		expect((await ownerA.client.get(`${statement(slugB)}/statement.csv`)).status).toBe(404);
		expect((await ownerC.client.get(`/${slugC}/houses/${houseId}/statements`)).status).toBe(404);
		expect((await ownerC.client.get(`${statement(slugC)}/statement.csv`)).status).toBe(404);
		// A month still open has no statement yet.
		expect((await ownerA.client.get(`/${slugA}/houses/${houseId}/statements/2026-11`)).status).toBe(
			404
		);
		// A member sees no bill.
		expect((await memberA.client.get(statement(slugA))).status).toBe(403);
		expect((await memberA.client.get(`${statement(slugA)}/statement.csv`)).status).toBe(403);
	});

	it('downloads it as CSV in the reader’s language, with a BOM', async () => {
		const english = await ownerA.client.get(`${statement(slugA)}/statement.csv`);
		expect(english.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const bytes = new Uint8Array(await english.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const en = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		expect(en.split('\r\n')[0]).toBe('\uFEFFsection,label,detail,person_days,amount_eur');
		expect(en).toContain('\r\ntotal,Total,,3,1090.91\r\n');
		expect(en).toContain('\r\nperson,Alice Volcans,,2.5,\r\n');
		expect(en).not.toContain('Carol');

		// The reader's language is their account's once they chose one.
		db.update(schema.users).set({ locale: 'fr' }).where(eq(schema.users.id, ownerA.id)).run();
		const frenchBytes = await (
			await ownerA.client.get(`${statement(slugA)}/statement.csv`)
		).arrayBuffer();
		db.update(schema.users).set({ locale: null }).where(eq(schema.users.id, ownerA.id)).run();
		const french = new TextDecoder('utf-8', { ignoreBOM: true }).decode(frenchBytes);
		expect(french.split('\r\n')[0]).toBe(
			'\uFEFFrubrique;libellé;détail;jours_personne;montant_eur'
		);
		expect(french).toContain('\r\ntotal;Total;;3;1090,91\r\n');
		expect(french).toContain('\r\npersonne;Alice Volcans;;2,5;\r\n');
	});

	it('keeps the house’s and operator’s names it was issued under when they are renamed', async () => {
		const rename = (house: string, operator: string) => {
			db.update(schema.houses).set({ name: house }).where(eq(schema.houses.id, houseId)).run();
			db.update(schema.operators)
				.set({ name: operator })
				.where(eq(schema.operators.slug, OP))
				.run();
		};
		rename('Tiers-lieu du Lioran', 'Communauté de communes');
		try {
			const html = await (await ownerA.client.get(statement(slugA))).text();
			// (In the language the earlier test left this client's account in.)
			expect(html).toMatch(/Maison de Murat, (run by|gérée par) Commune de Murat/);
			expect(html).not.toMatch(/Tiers-lieu du Lioran|Communauté de communes/);
			const csv = await ownerA.client.get(`${statement(slugA)}/statement.csv`);
			expect(csv.headers.get('content-disposition')).toContain('statement-maison-de-murat-2026-10');
			const text = await csv.text();
			expect(text).toContain('Maison de Murat');
			expect(text).toContain('Commune de Murat');
			expect(text).not.toMatch(/Tiers-lieu du Lioran|Communauté de communes/);
			// The house's own pages go by its name of now.
			const list = await (await ownerA.client.get(`/${slugA}/houses/${houseId}/statements`)).text();
			expect(list).toContain('Tiers-lieu du Lioran');
		} finally {
			rename('Maison de Murat', 'Commune de Murat');
		}
	});
});

// The members page's role form over real HTTP: a role saved as it already was says so by name
// ("Anne is already a manager"), not "Role updated", and stores nothing, not even an audit entry.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, signUp, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { auditEvents, companies, memberships } from '../../src/lib/server/db/schema';

let server: RunningServer;
let db: ServerDb;
let owner: Person;
let anne: Person;
let slug: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	owner = await signUp(server.url, db, 'Odile');
	slug = await owner.client.createCompany('Atelier des Roches');
	anne = await signUp(server.url, db, 'Anne');
	await join(owner, slug, anne, 'manager');
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

const companyId = () => db.select().from(companies).where(eq(companies.slug, slug)).get()!.id;
const auditOf = () =>
	db.select().from(auditEvents).where(eq(auditEvents.companyId, companyId())).all();
const roleOf = (person: Person) =>
	db.select().from(memberships).where(eq(memberships.userId, person.id)).get()?.role;

const saveRole = (userId: string, role: string) =>
	owner.client.postForm(`/${slug}/members?/changeRole`, { userId, role });

describe('saving a role', () => {
	it('unchanged, says the person already has it and writes nothing', async () => {
		const before = auditOf();
		const saved = await saveRole(anne.id, 'manager');
		const html = await saved.text();
		expect(saved.status).toBe(200);
		expect(html).toContain('Anne is already a manager.');
		expect(html).not.toContain('Role updated.');
		expect(roleOf(anne)).toBe('manager');
		expect(auditOf()).toEqual(before);

		// The last owner saving their own role as it is: no refusal, nothing to do.
		const own = await saveRole(owner.id, 'owner');
		expect(own.status).toBe(200);
		expect(await own.text()).toContain('Odile is already an owner.');
		expect(auditOf()).toEqual(before);
	});

	it('changed, says so and records it', async () => {
		const saved = await saveRole(anne.id, 'member');
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Role updated.');
		expect(roleOf(anne)).toBe('member');
		expect(auditOf().map((event) => event.action)).toContain('member.role_changed');

		const again = await saveRole(anne.id, 'member');
		expect(await again.text()).toContain('Anne is already a member.');
	});
});

// The upgrade is decided from the request alone: no session, a foreign or unknown document or a
// cross-site origin get a plain HTTP answer and the socket is never upgraded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../helpers/factories';
import {
	companyWithDocument,
	signedIn,
	startCollab,
	upgradeStatus,
	useCollabDatabase,
	type CollabHarness,
	type Person
} from './support';

useCollabDatabase();

let harness: CollabHarness;
let owner: Person;
let documentId: string;
let outsider: Person;
let otherCompanyMember: Person;
let colleague: Person;

beforeAll(async () => {
	harness = await startCollab();
	const setup = await companyWithDocument();
	owner = setup.owner;
	documentId = setup.document.id;
	outsider = await signedIn('Outsider');
	otherCompanyMember = (await companyWithDocument()).owner;
	colleague = await signedIn('Colleague');
	addMember(setup.company, owner.user, colleague.user, 'member');
});

afterAll(() => harness.close());

/** Status of an upgrade to the document; asserts nothing was upgraded or loaded when refused. */
async function attempt(headers: Record<string, string>, id = documentId): Promise<number> {
	const status = await upgradeStatus(`${harness.url}/${encodeURIComponent(id)}`, headers);
	if (status !== 101) {
		expect(harness.collab.stats().connections).toBe(0);
		expect(harness.collab.isLoaded(id)).toBe(false);
	}
	return status;
}

describe('collab upgrade', () => {
	it('answers 401 without a session cookie or with an unknown one', async () => {
		expect(await attempt({})).toBe(401);
		expect(await attempt({ cookie: 'hameau_session=not-a-session' })).toBe(401);
		expect(await attempt({ cookie: 'other=1' })).toBe(401);
	});

	it('answers 404 to a person outside the company and to a member of another company', async () => {
		expect(await attempt({ cookie: outsider.cookie })).toBe(404);
		expect(await attempt({ cookie: otherCompanyMember.cookie })).toBe(404);
	});

	it('answers 404 for an unknown document or a path without one', async () => {
		expect(await attempt({ cookie: owner.cookie }, 'nope')).toBe(404);
		expect(await upgradeStatus(harness.url, { cookie: owner.cookie })).toBe(404);
		expect(await upgradeStatus(`${harness.url}/a/b`, { cookie: owner.cookie })).toBe(404);
	});

	it('answers 403 to a browser page of another origin (cross-site WebSocket hijacking)', async () => {
		expect(await attempt({ cookie: owner.cookie, origin: 'https://evil.example' })).toBe(403);
		expect(await attempt({ cookie: owner.cookie, origin: 'null' })).toBe(403);
	});

	it('upgrades members of the company, from the same origin or without one', async () => {
		const host = new URL(harness.url).host;
		expect(await attempt({ cookie: owner.cookie })).toBe(101);
		expect(await attempt({ cookie: colleague.cookie, origin: `http://${host}` })).toBe(101);
	});
});

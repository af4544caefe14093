// /api/time-zone: someone with no time zone yet gets their device's; a zone already saved (chosen
// on the profile, or set at sign-up) is never overridden; anything but a known zone is refused.
import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeUser } from '../helpers/factories';
import { users, type User } from '../../src/lib/server/db/schema';
import { POST } from '../../src/routes/api/time-zone/+server';

const { db } = useTempDatabase();

async function post(user: User | null, body: unknown, contentType = 'application/json') {
	const request = new Request('http://hameau.test/api/time-zone', {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: JSON.stringify(body)
	});
	try {
		const response = await POST({ locals: { user }, request } as unknown as Parameters<
			typeof POST
		>[0]);
		return { status: response.status, body: await response.json() };
	} catch (error) {
		if (isHttpError(error)) return { status: error.status, body: error.body };
		throw error;
	}
}

const zoneOf = (user: User) =>
	db().select({ zone: users.timeZone }).from(users).where(eq(users.id, user.id)).get()?.zone;

describe("the device's time zone", () => {
	it('is kept for someone who has none, and never replaces one already saved', async () => {
		const invited = await makeUser('Invited Before Zones');
		db().update(users).set({ timeZone: null }).where(eq(users.id, invited.id)).run();
		expect(await post(invited, { timeZone: 'Europe/Paris' })).toEqual({
			status: 200,
			body: { adopted: true }
		});
		expect(zoneOf(invited)).toBe('Europe/Paris');
		// Travelling with the laptop later changes nothing: their zone is theirs to change.
		expect(await post(invited, { timeZone: 'America/Martinique' })).toEqual({
			status: 200,
			body: { adopted: false }
		});
		expect(zoneOf(invited)).toBe('Europe/Paris');
	});

	it('is refused unless signed in, as JSON, and a zone the server knows', async () => {
		const person = await makeUser('Someone');
		db().update(users).set({ timeZone: null }).where(eq(users.id, person.id)).run();
		expect((await post(null, { timeZone: 'Europe/Paris' })).status).toBe(401);
		expect((await post(person, { timeZone: 'Europe/Paris' }, 'text/plain')).status).toBe(415);
		expect((await post(person, { timeZone: 'Mars/Olympus' })).status).toBe(400);
		expect((await post(person, { zone: 'Europe/Paris' })).status).toBe(400);
		expect(zoneOf(person)).toBeNull();
	});
});

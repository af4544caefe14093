// Failed log-ins slow guessing on an account without locking its owner out: the server is reached
// "through a proxy" (ADDRESS_HEADER) so each request can come from its own address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', AUTH_RATE_LIMIT_PER_IP: '30' }
	});
});

afterAll(async () => {
	await server?.stop();
});

/** A form posted as if from `address`, by a client that keeps no cookies of earlier tries. */
function postFrom(
	address: string,
	path: string,
	fields: Record<string, string>,
	headers: Record<string, string> = {}
): Promise<Response> {
	return new HttpClient(server.url).request(path, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: server.url,
			'x-forwarded-for': address,
			...headers
		},
		body: new URLSearchParams(fields).toString()
	});
}

function logInFrom(address: string, email: string, password: string): Promise<Response> {
	return postFrom(address, '/login', { email, password });
}

let owners = 0;
async function signUpOwner(tag: string): Promise<{ email: string; password: string }> {
	const email = uniqueEmail(tag);
	const password = strongPassword(tag);
	const response = await postFrom(`10.9.9.${++owners}`, '/signup', {
		name: 'Owner',
		email,
		password
	});
	expect(response.status, await explain(response)).toBe(303);
	return { email, password };
}

describe('log-in throttling', () => {
	it('lets the owner in from a new address after wrong tries from many addresses', async () => {
		const owner = await signUpOwner('besieged');
		// More wrong tries, each from its own address, than the old per-email lock allowed (10).
		for (let n = 1; n <= 14; n++) {
			const response = await logInFrom(`10.1.0.${n}`, owner.email, `wrong-guess-${n}-xyz`);
			expect(response.status, await explain(response)).toBe(400);
		}
		const owners = await logInFrom('10.1.9.9', owner.email, owner.password);
		expect(owners.status, await explain(owners)).toBe(303);
	});

	it('makes one address wait longer and longer, said by the password field, in EN and FR', async () => {
		const owner = await signUpOwner('guessed');
		const guesser = '10.2.0.1';
		for (let n = 1; n <= 5; n++) {
			const response = await logInFrom(guesser, owner.email, `wrong-guess-${n}-xyz`);
			expect(response.status).toBe(400);
		}
		// The 6th failure starts a wait of a second, the 7th of two.
		expect((await logInFrom(guesser, owner.email, 'wrong-guess-6-xyz')).status).toBe(400);
		const held = await logInFrom(guesser, owner.email, 'wrong-guess-7-xyz');
		expect(held.status).toBe(429);
		const page = await held.text();
		expect(page).toMatch(
			/id="field-password-error"[^>]*>Too many wrong passwords for this account\. Wait 1 second, then try again\./
		);

		await new Promise((wait) => setTimeout(wait, 1_100));
		expect((await logInFrom(guesser, owner.email, 'wrong-guess-7-xyz')).status).toBe(400);
		const french = await postFrom(
			guesser,
			'/login',
			{ email: owner.email, password: 'wrong-guess-8-xyz' },
			{ cookie: 'PARAGLIDE_LOCALE=fr' }
		);
		expect(french.status).toBe(429);
		expect(await french.text()).toMatch(
			/Trop de mots de passe erronés pour ce compte\. Attendez 2 secondes/
		);

		// Even the right password waits from the address that guessed; from another it is let in.
		expect((await logInFrom(guesser, owner.email, owner.password)).status).toBe(429);
		const elsewhere = await logInFrom('10.2.0.2', owner.email, owner.password);
		expect(elsewhere.status, await explain(elsewhere)).toBe(303);
	});

	it('lets a whole house behind one address log in: only failures spend its budget', async () => {
		const colleague = await signUpOwner('village');
		const village = '10.4.0.1';
		// More right log-ins than AUTH_RATE_LIMIT_PER_IP (30), as a house does at nine.
		for (let n = 1; n <= 40; n++) {
			const response = await logInFrom(village, colleague.email, colleague.password);
			expect(response.status, `log-in ${n}: ${await explain(response)}`).toBe(303);
		}
		// 30 failures (on unknown accounts, as a guesser sprays them) spend it: then even the right
		// password waits from there, as the address cannot tell the colleague from the guesser.
		for (let n = 1; n <= 30; n++) {
			const response = await logInFrom(village, uniqueEmail(`sprayed-${n}`), `wrong-${n}-xyz`);
			expect(response.status, await explain(response)).toBe(400);
		}
		const refused = await logInFrom(village, colleague.email, colleague.password);
		expect(refused.status).toBe(429);
		expect(await refused.text()).toContain('Too many attempts');
	});

	it('does not count sign-ups with an email against log-ins to it', async () => {
		const owner = await signUpOwner('taken');
		const address = '10.3.0.1';
		for (let n = 1; n <= 12; n++) {
			const response = await postFrom(address, '/signup', {
				name: 'Squatter',
				email: owner.email,
				password: strongPassword(`squat-${n}`)
			});
			expect(response.status, await explain(response)).toBe(400);
		}
		const owners = await logInFrom(address, owner.email, owner.password);
		expect(owners.status, await explain(owners)).toBe(303);
	});
});

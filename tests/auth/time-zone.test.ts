// The browser's zone rides along with sign-up and log-in (a hidden field): kept when the runtime
// knows it, silently dropped otherwise — the person never typed it, so it is never an error.
import { describe, expect, it } from 'vitest';
import { loginSchema, signupSchema } from '../../src/lib/server/auth/account-forms';
import { createUser, getUserById } from '../../src/lib/server/auth/user';
import { parseForm } from '../../src/lib/server/forms';
import { useTempDatabase } from '../helpers/temp-db';

useTempDatabase();

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.set(key, value);
	return data;
};
const account = { name: 'Inès', email: 'ines@example.org', password: 'a long enough secret' };

describe("the browser's time zone", () => {
	it('is taken from sign-up and log-in forms when the runtime knows it', () => {
		const signup = parseForm(signupSchema, form({ ...account, timeZone: 'America/La_Paz' }));
		expect(signup.ok && signup.data.timeZone).toBe('America/La_Paz');
		const login = parseForm(loginSchema, form({ ...account, timeZone: 'Europe/Paris' }));
		expect(login.ok && login.data.timeZone).toBe('Europe/Paris');
	});

	it('is dropped, never an error, when missing or unknown', () => {
		for (const timeZone of [undefined, '', 'Mars/Olympus_Mons', 'Europe/Paris; DROP']) {
			const fields = timeZone === undefined ? account : { ...account, timeZone };
			const parsed = parseForm(signupSchema, form(fields));
			expect(parsed.ok, String(timeZone)).toBe(true);
			expect(parsed.ok && parsed.data.timeZone, String(timeZone)).toBeUndefined();
		}
	});

	it('is stored with a new account, and left unset without one', async () => {
		const withZone = await createUser({ ...account, timeZone: 'Pacific/Noumea' });
		expect(getUserById(withZone.id)?.timeZone).toBe('Pacific/Noumea');
		const without = await createUser({ ...account, email: 'other@example.org' });
		expect(getUserById(without.id)?.timeZone).toBeNull();
	});
});

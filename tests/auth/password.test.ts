import { describe, expect, it } from 'vitest';
import {
	hashPassword,
	passwordProblem,
	PASSWORD_MIN_LENGTH,
	verifyPassword
} from '../../src/lib/server/auth/password';

describe('password rules', () => {
	it('refuses passwords shorter than 10 characters', () => {
		expect(PASSWORD_MIN_LENGTH).toBe(10);
		expect(passwordProblem('nine-char', 'a@example.org')).toBe('too_short');
		expect(passwordProblem('', 'a@example.org')).toBe('too_short');
		expect(passwordProblem('ten-chars!', 'a@example.org')).toBeNull();
	});

	it('refuses passwords longer than 256 characters', () => {
		expect(passwordProblem('x'.repeat(257), 'a@example.org')).toBe('too_long');
		expect(passwordProblem('xy'.repeat(128), 'a@example.org')).toBeNull();
	});

	it('refuses the email address as password, whatever the case', () => {
		expect(passwordProblem('Marie.Dupont@Example.org', 'marie.dupont@example.org')).toBe(
			'same_as_email'
		);
		expect(passwordProblem('marie.dupont@example.org', ' MARIE.DUPONT@EXAMPLE.ORG ')).toBe(
			'same_as_email'
		);
	});

	it('refuses common passwords, whatever the case', () => {
		expect(passwordProblem('password123', 'a@example.org')).toBe('too_common');
		expect(passwordProblem('AZERTYUIOP', 'a@example.org')).toBe('too_common');
		expect(passwordProblem('MotDePasse123', 'a@example.org')).toBe('too_common');
	});

	it('accepts a long, uncommon password', () => {
		expect(passwordProblem('le lavoir sous les tilleuls', 'a@example.org')).toBeNull();
	});
});

describe('password hashing', () => {
	it('verifies the right password and refuses another', async () => {
		const hash = await hashPassword('le lavoir sous les tilleuls');
		expect(hash).toMatch(/^\$argon2id\$/);
		expect(hash).not.toContain('tilleuls');
		expect(await verifyPassword(hash, 'le lavoir sous les tilleuls')).toBe(true);
		expect(await verifyPassword(hash, 'le lavoir sous les tilleul')).toBe(false);
	});

	it('salts: the same password hashes differently twice', async () => {
		const [a, b] = await Promise.all([
			hashPassword('même mot de passe'),
			hashPassword('même mot de passe')
		]);
		expect(a).not.toBe(b);
		expect(await verifyPassword(b, 'même mot de passe')).toBe(true);
	});
});

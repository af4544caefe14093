import { hash, verify } from '@node-rs/argon2';
import { commonPasswords } from './common-passwords';

// OWASP's recommended argon2id parameters (19 MiB, 2 iterations, 1 lane).
const argon2Options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'same_as_email' | 'too_common';

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
	if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
	const lowered = password.trim().toLowerCase();
	if (lowered === email.trim().toLowerCase()) return 'same_as_email';
	if (commonPasswords.has(lowered)) return 'too_common';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, argon2Options);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return verify(passwordHash, password);
}

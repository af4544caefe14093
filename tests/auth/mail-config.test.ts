import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/lib/server/config';

const mailEnv = {
	SMTP_URL: 'smtps://hameau:secret@mail.example.org:465',
	MAIL_FROM: 'Hameau <hameau@example.org>',
	ORIGIN: 'https://hameau.example.org'
};

function refusal(env: NodeJS.ProcessEnv): string | undefined {
	try {
		readConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) return error.variable;
		throw error;
	}
	return undefined;
}

describe('mail configuration', () => {
	it('is off without SMTP_URL and read with it', () => {
		expect(readConfig({}).mail).toBeUndefined();
		expect(readConfig(mailEnv).mail).toEqual({
			smtpUrl: 'smtps://hameau:secret@mail.example.org:465',
			from: 'Hameau <hameau@example.org>'
		});
		expect(readConfig({ ...mailEnv, MAIL_FROM: 'hameau@example.org' }).mail?.from).toBe(
			'hameau@example.org'
		);
	});

	it('names the variable that is missing or wrong', () => {
		expect(refusal({ ...mailEnv, MAIL_FROM: undefined })).toBe('MAIL_FROM');
		expect(refusal({ ...mailEnv, ORIGIN: undefined })).toBe('ORIGIN');
		expect(refusal({ ...mailEnv, SMTP_URL: 'https://mail.example.org' })).toBe('SMTP_URL');
		expect(refusal({ ...mailEnv, MAIL_FROM: 'not an address' })).toBe('MAIL_FROM');
	});
});

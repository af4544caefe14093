import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/lib/server/config';
import { exited, spawnEntry } from './helpers/server';

describe('readConfig', () => {
	it('has working defaults for an empty environment', () => {
		expect(readConfig({})).toEqual({
			port: 3000,
			host: '0.0.0.0',
			origin: undefined,
			databasePath: './data/hameau.db',
			logLevel: 'info',
			authRateLimitPerIp: 30,
			livekit: { url: undefined, apiKey: undefined, apiSecret: undefined, mediaApiUrl: undefined },
			push: { keys: undefined, subject: 'mailto:hameau@localhost' }
		});
	});

	it('reads every variable and normalises ORIGIN and DATABASE_URL', () => {
		expect(
			readConfig({
				PORT: '8080',
				HOST: '127.0.0.1',
				ORIGIN: 'https://hameau.example.org/',
				DATABASE_URL: 'file:/var/lib/hameau/db.sqlite',
				LOG_LEVEL: 'debug',
				AUTH_RATE_LIMIT_PER_IP: '5'
			})
		).toEqual({
			port: 8080,
			host: '127.0.0.1',
			origin: 'https://hameau.example.org',
			databasePath: '/var/lib/hameau/db.sqlite',
			logLevel: 'debug',
			authRateLimitPerIp: 5,
			livekit: { url: undefined, apiKey: undefined, apiSecret: undefined, mediaApiUrl: undefined },
			push: { keys: undefined, subject: 'https://hameau.example.org' }
		});
	});

	it('treats an empty variable as unset', () => {
		expect(readConfig({ PORT: '', ORIGIN: '' })).toMatchObject({ port: 3000, origin: undefined });
	});

	it.each([
		['PORT', 'abc'],
		['PORT', '70000'],
		['PORT', '-1'],
		['LOG_LEVEL', 'loud'],
		['ORIGIN', 'not-a-url'],
		['ORIGIN', 'https://hameau.example.org/app'],
		['AUTH_RATE_LIMIT_PER_IP', '0'],
		['AUTH_RATE_LIMIT_PER_IP', 'many']
	])('refuses %s=%s with an error naming the variable', (variable, value) => {
		let caught: unknown;
		try {
			readConfig({ [variable]: value });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ConfigError);
		expect((caught as ConfigError).variable).toBe(variable);
		expect((caught as ConfigError).message).toContain(variable);
		expect((caught as ConfigError).message).toContain(value);
	});
});

describe('the server process with a bad configuration', () => {
	it('exits non-zero at start-up with a message naming PORT', async () => {
		const { child, output } = spawnEntry({ PORT: 'abc', DATABASE_URL: ':memory:' });
		const code = await exited(child);
		expect(code).not.toBe(0);
		expect(output()).toMatch(/Invalid configuration: PORT/);
	});
});

import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/lib/server/config';

describe('LiveKit settings', () => {
	it('means the embedded media server when LIVEKIT_URL is unset', () => {
		expect(readConfig({}).livekit).toEqual({
			url: undefined,
			apiKey: undefined,
			apiSecret: undefined,
			mediaApiUrl: undefined
		});
		expect(
			readConfig({
				LIVEKIT_API_KEY: 'APIabc',
				LIVEKIT_API_SECRET: 'secret',
				HAMEAU_MEDIA_API_URL: 'http://127.0.0.1:7881/'
			}).livekit
		).toEqual({
			url: undefined,
			apiKey: 'APIabc',
			apiSecret: 'secret',
			mediaApiUrl: 'http://127.0.0.1:7881'
		});
	});

	it('reads an external deployment with both keys', () => {
		expect(
			readConfig({
				LIVEKIT_URL: 'wss://livekit.example.org/',
				LIVEKIT_API_KEY: 'APIabc',
				LIVEKIT_API_SECRET: 'secret'
			}).livekit
		).toMatchObject({ url: 'wss://livekit.example.org', apiKey: 'APIabc', apiSecret: 'secret' });
	});

	it('names the missing key when LIVEKIT_URL is set without it', () => {
		expect(() =>
			readConfig({ LIVEKIT_URL: 'wss://lk.example.org', LIVEKIT_API_SECRET: 's' })
		).toThrow(new ConfigError('LIVEKIT_API_KEY', 'must be set when LIVEKIT_URL is set'));
		expect(() => readConfig({ LIVEKIT_URL: 'wss://lk.example.org', LIVEKIT_API_KEY: 'k' })).toThrow(
			/LIVEKIT_API_SECRET/
		);
		expect(() => readConfig({ LIVEKIT_URL: 'ftp://lk.example.org' })).toThrow(/LIVEKIT_URL/);
	});
});

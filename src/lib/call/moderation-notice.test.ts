import { describe, expect, it } from 'vitest';
import { MODERATION_TOPIC, parseModerationNotice } from './moderation-notice';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('reading who muted me', () => {
	it('reads the server’s message: which track, and who', () => {
		expect(
			parseModerationNotice(MODERATION_TOPIC, json({ source: 'microphone', by: 'Agathe' }), true)
		).toEqual({ source: 'microphone', by: 'Agathe' });
		expect(
			parseModerationNotice(MODERATION_TOPIC, json({ source: 'camera', by: '  ' }), true)
		).toEqual({ source: 'camera', by: null });
	});

	it('believes no participant: only the server may say a manager muted me', () => {
		expect(
			parseModerationNotice(MODERATION_TOPIC, json({ source: 'microphone', by: 'Boss' }), false)
		).toBeNull();
	});

	it('ignores other topics, other sources and what is not JSON', () => {
		const notice = json({ source: 'microphone', by: 'Agathe' });
		expect(parseModerationNotice('hameau.chat', notice, true)).toBeNull();
		expect(parseModerationNotice(undefined, notice, true)).toBeNull();
		expect(
			parseModerationNotice(MODERATION_TOPIC, json({ source: 'screen', by: 'A' }), true)
		).toBeNull();
		expect(
			parseModerationNotice(MODERATION_TOPIC, new TextEncoder().encode('{nope'), true)
		).toBeNull();
		expect(parseModerationNotice(MODERATION_TOPIC, json(null), true)).toBeNull();
	});

	it('cuts a name too long to show', () => {
		const notice = parseModerationNotice(
			MODERATION_TOPIC,
			json({ source: 'microphone', by: 'A'.repeat(500) }),
			true
		);
		expect(notice?.by).toHaveLength(200);
	});
});

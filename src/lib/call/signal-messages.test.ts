import { describe, expect, it } from 'vitest';
import { encodeSignal, MAX_CHAT_BODY, parseSignal, TOPIC, withHand } from './signal-messages';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('reading a data message from another participant', () => {
	it('reads what it sent: a chat message, a hand, a reaction', () => {
		expect(parseSignal(TOPIC.chat, encodeSignal({ id: 'm1', body: 'Bonjour' }))).toEqual({
			kind: 'chat',
			id: 'm1',
			body: 'Bonjour'
		});
		expect(parseSignal(TOPIC.hand, encodeSignal({ raised: true }))).toEqual({
			kind: 'hand',
			raised: true
		});
		expect(parseSignal(TOPIC.hand, encodeSignal({ raised: false }))).toEqual({
			kind: 'hand',
			raised: false
		});
		expect(parseSignal(TOPIC.reaction, encodeSignal({ emoji: '🎉' }))).toEqual({
			kind: 'reaction',
			emoji: '🎉'
		});
	});

	it('cuts a chat body to the longest kept', () => {
		const long = 'a'.repeat(MAX_CHAT_BODY + 50);
		const signal = parseSignal(TOPIC.chat, encodeSignal({ id: 'm2', body: long }));
		expect(signal).toEqual({ kind: 'chat', id: 'm2', body: 'a'.repeat(MAX_CHAT_BODY) });
	});

	it('ignores what is not one of ours', () => {
		// Not JSON, JSON that is not an object, no topic or another client's topic.
		expect(parseSignal(TOPIC.chat, bytes('hello'))).toBeNull();
		expect(parseSignal(TOPIC.chat, bytes('null'))).toBeNull();
		expect(parseSignal(TOPIC.hand, bytes('42'))).toBeNull();
		expect(parseSignal(undefined, encodeSignal({ id: 'm3', body: 'x' }))).toBeNull();
		expect(parseSignal('lk.chat', encodeSignal({ id: 'm3', body: 'x' }))).toBeNull();
		// Ours, but with the wrong fields for the topic.
		expect(parseSignal(TOPIC.chat, encodeSignal({ id: 3, body: 'x' }))).toBeNull();
		expect(parseSignal(TOPIC.chat, encodeSignal({ raised: true }))).toBeNull();
		expect(parseSignal(TOPIC.hand, encodeSignal({ raised: 'yes' }))).toBeNull();
		// A reaction that is not offered (nobody chose it from the list).
		expect(parseSignal(TOPIC.reaction, encodeSignal({ emoji: '💩' }))).toBeNull();
		expect(parseSignal(TOPIC.reaction, encodeSignal({ emoji: '<img src=x>' }))).toBeNull();
	});
});

describe('raised hands', () => {
	it('puts the latest raised hand last, once, and takes a lowered one out', () => {
		expect(withHand([], 'ana', true)).toEqual(['ana']);
		expect(withHand(['ana', 'bo'], 'ana', true)).toEqual(['bo', 'ana']);
		expect(withHand(['ana', 'bo'], 'ana', false)).toEqual(['bo']);
		expect(withHand(['bo'], 'ana', false)).toEqual(['bo']);
	});
});

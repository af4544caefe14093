// The live-events hub on its own: per-company order, isolation, catch-up, reload, online.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveHub, type LiveSubscriber } from '../../src/lib/server/live/hub';
import type { LiveEvent, LiveMessage } from '../../src/lib/live-events';

function recorder() {
	const messages: LiveMessage[] = [];
	let reloads = 0;
	const subscriber: LiveSubscriber = {
		deliver: (message) => messages.push(message),
		reload: () => (reloads += 1),
		close: () => {}
	};
	return { subscriber, messages, reloads: () => reloads };
}

const status = (userId: string): LiveEvent => ({ type: 'online', userId, online: true });
const seq = (message: LiveMessage) => Number(message.id.split('-')[1]);
const others = (messages: LiveMessage[]) =>
	messages.filter((m) => !(m.event.type === 'online' && m.event.userId.startsWith('viewer')));

afterEach(() => {
	vi.useRealTimers();
});

function closable(sessionId: string) {
	let closed = false;
	const subscriber: LiveSubscriber = {
		deliver: () => {},
		reload: () => {},
		close: () => (closed = true),
		sessionId
	};
	return { subscriber, closed: () => closed };
}

describe('LiveHub', () => {
	it('ends the streams of a member who left, in that company only, and of ended sessions', () => {
		const hub = new LiveHub();
		const leaverHere = closable('s1');
		const leaverElsewhere = closable('s1');
		const colleague = closable('s2');
		const otherDevice = closable('s3');
		hub.subscribe('company-a', 'leaver', null, leaverHere.subscriber);
		hub.subscribe('company-b', 'leaver', null, leaverElsewhere.subscriber);
		hub.subscribe('company-a', 'colleague', null, colleague.subscriber);
		hub.subscribe('company-b', 'colleague', null, otherDevice.subscriber);
		hub.disconnectMember('company-a', 'leaver');
		expect([leaverHere, leaverElsewhere, colleague].map((c) => c.closed())).toEqual([
			true,
			false,
			false
		]);
		hub.disconnectSessions((id) => id === 's3');
		expect([leaverElsewhere, colleague, otherDevice].map((c) => c.closed())).toEqual([
			false,
			false,
			true
		]);
	});

	it('delivers a company’s events to its own clients only, in order', () => {
		const hub = new LiveHub();
		const a = recorder();
		const b = recorder();
		hub.subscribe('company-a', 'viewer-a', null, a.subscriber);
		hub.subscribe('company-b', 'viewer-b', null, b.subscriber);
		hub.publish('company-a', status('x1'));
		hub.publish('company-b', status('y1'));
		hub.publish('company-a', status('x2'));
		expect(others(a.messages).map((m) => (m.event as { userId: string }).userId)).toEqual([
			'x1',
			'x2'
		]);
		expect(others(b.messages).map((m) => (m.event as { userId: string }).userId)).toEqual(['y1']);
		const seqs = a.messages.map(seq);
		expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
	});

	it('replays exactly what a reconnecting client missed', () => {
		const hub = new LiveHub();
		const first = recorder();
		const stop = hub.subscribe('c', 'viewer-1', null, first.subscriber);
		hub.publish('c', status('a'));
		const last = first.messages.at(-1)!.id;
		stop();
		hub.publish('c', status('b'));
		hub.publish('c', status('c'));
		const again = recorder();
		hub.subscribe('c', 'viewer-1', last, again.subscriber);
		expect(again.reloads()).toBe(0);
		expect(others(again.messages).map((m) => (m.event as { userId: string }).userId)).toEqual([
			'b',
			'c'
		]);
	});

	it('tells a client to reload when it fell behind the buffer or comes from another process', () => {
		const hub = new LiveHub({ replayLimit: 3 });
		const first = recorder();
		const stop = hub.subscribe('c', 'viewer-1', null, first.subscriber);
		const last = first.messages.at(-1)!.id;
		stop();
		for (const name of ['a', 'b', 'c', 'd']) hub.publish('c', status(name));
		const behind = recorder();
		hub.subscribe('c', 'viewer-2', last, behind.subscriber);
		expect(behind.reloads()).toBe(1);
		expect(others(behind.messages)).toEqual([]);

		const stranger = recorder();
		hub.subscribe('c', 'viewer-3', `zzzzzzzz-${seq(first.messages[0])}`, stranger.subscriber);
		expect(stranger.reloads()).toBe(1);
		const future = recorder();
		hub.subscribe('c', 'viewer-4', `${hub.epoch}-999`, future.subscriber);
		expect(future.reloads()).toBe(1);
		// The buffer holds the last 3 events: a client that saw the one just before them gets all
		// three, one that saw anything earlier must reload.
		const e = seq(hub.publish('c', status('e')));
		const near = recorder();
		hub.subscribe('c', 'viewer-5', `${hub.epoch}-${e - 3}`, near.subscriber);
		expect(near.reloads()).toBe(0);
		expect(near.messages.slice(0, 3).map(seq)).toEqual([e - 2, e - 1, e]);
		const far = recorder();
		hub.subscribe('c', 'viewer-6', `${hub.epoch}-${e - 4}`, far.subscriber);
		expect(far.reloads()).toBe(1);
	});

	it('says online at the first client, offline only after the last one stayed away for the grace period', () => {
		vi.useFakeTimers();
		const hub = new LiveHub({ offlineGraceMs: 5_000 });
		const board = recorder();
		hub.subscribe('c', 'viewer-board', null, board.subscriber);
		const tab1 = hub.subscribe('c', 'ana', null, recorder().subscriber);
		const tab2 = hub.subscribe('c', 'ana', null, recorder().subscriber);
		const events = () =>
			board.messages
				.map((m) => m.event)
				.filter(
					(e): e is Extract<LiveEvent, { type: 'online' }> =>
						e.type === 'online' && e.userId === 'ana'
				);
		expect(events().map((e) => e.online)).toEqual([true]);
		expect(hub.isOnline('c', 'ana')).toBe(true);
		tab1();
		tab2();
		// A reload within the grace period: never seen offline.
		vi.advanceTimersByTime(3_000);
		const tab3 = hub.subscribe('c', 'ana', null, recorder().subscriber);
		vi.advanceTimersByTime(10_000);
		expect(events().map((e) => e.online)).toEqual([true]);
		tab3();
		vi.advanceTimersByTime(4_999);
		expect(events().map((e) => e.online)).toEqual([true]);
		vi.advanceTimersByTime(1);
		expect(events().map((e) => e.online)).toEqual([true, false]);
		expect(hub.isOnline('c', 'ana')).toBe(false);
		expect(hub.isOnline('other-company', 'ana')).toBe(false);
	});
});

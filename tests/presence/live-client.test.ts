// The browser side of the live-events channel, with the browser's EventSource, window and
// document replaced by small fakes (they are outside the project): it reconnects by itself after
// the browser gives up or after a silent connection (a laptop that slept), always from the last
// id it saw, and asks the page to reload its data when the server says so. When the person's
// access ends, it stops for good and says so.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveChannel, LiveEvents } from '../../src/lib/live-events.svelte';
import type { LiveEvent } from '../../src/lib/live-events';

class FakeEventSource {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSED = 2;
	static opened: FakeEventSource[] = [];
	readyState = FakeEventSource.CONNECTING;
	onopen: (() => void) | null = null;
	onmessage: ((message: MessageEvent<string>) => void) | null = null;
	onerror: (() => void) | null = null;
	private readonly named = new Map<string, (message: MessageEvent<string>) => void>();

	constructor(readonly url: string) {
		FakeEventSource.opened.push(this);
	}
	addEventListener(name: string, listener: (message: MessageEvent<string>) => void) {
		this.named.set(name, listener);
	}
	close() {
		this.readyState = FakeEventSource.CLOSED;
	}
	// What the server does:
	open() {
		this.readyState = FakeEventSource.OPEN;
		this.onopen?.();
	}
	send(id: string, event: LiveEvent) {
		this.onmessage?.({ data: JSON.stringify(event), lastEventId: id } as MessageEvent<string>);
	}
	emit(name: string, id = '', data = '{}') {
		this.named.get(name)?.({ data, lastEventId: id } as MessageEvent<string>);
	}
	fail(giveUp: boolean) {
		this.readyState = giveUp ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
		this.onerror?.();
	}
}

const documentListeners = new Map<string, () => void>();
const windowListeners = new Map<string, () => void>();
const event: LiveEvent = { type: 'online', userId: 'ana', online: true };
const latest = () => FakeEventSource.opened.at(-1)!;
/** What the endpoint's `?check` answers (the client asks when its EventSource gave up). */
let checkAnswer: number | 'unreachable' = 204;
const checks: string[] = [];

beforeEach(() => {
	vi.useFakeTimers();
	FakeEventSource.opened = [];
	vi.stubGlobal('EventSource', FakeEventSource);
	checkAnswer = 204;
	checks.length = 0;
	vi.stubGlobal('fetch', async (url: string) => {
		checks.push(url);
		if (checkAnswer === 'unreachable') throw new TypeError('Failed to fetch');
		return { status: checkAnswer };
	});
	vi.stubGlobal('window', {
		addEventListener: (name: string, fn: () => void) => windowListeners.set(name, fn),
		removeEventListener: (name: string) => windowListeners.delete(name)
	});
	// Node 20 has no navigator; the browser's says whether it is online.
	vi.stubGlobal('navigator', { onLine: true });
	vi.stubGlobal('document', {
		visibilityState: 'visible',
		addEventListener: (name: string, fn: () => void) => documentListeners.set(name, fn),
		removeEventListener: (name: string) => documentListeners.delete(name)
	});
});

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

function connect() {
	const received: Array<[LiveEvent, string | null]> = [];
	let reloads = 0;
	const ended: string[] = [];
	const live = new LiveEvents('/atelier/events', 'ep-3', {
		event: (e, id) => received.push([e, id]),
		reload: () => {
			reloads += 1;
		},
		ended: (reason) => ended.push(reason)
	});
	live.start();
	return { live, received, reloads: () => reloads, ended };
}

describe('LiveEvents (browser client)', () => {
	it('starts from the page’s cursor and hands events over with their ids', () => {
		const { live, received } = connect();
		expect(latest().url).toBe('/atelier/events?after=ep-3');
		latest().open();
		expect(live.state).toBe('live');
		latest().send('ep-4', event);
		expect(received).toEqual([[event, 'ep-4']]);
		live.stop();
	});

	it('lets the browser retry by itself, and opens a new stream from the last id when it gives up', async () => {
		const { live } = connect();
		// A page just opened is connecting; once it has been live, it is reconnecting.
		expect(live.state).toBe('connecting');
		latest().open();
		latest().send('ep-7', event);
		latest().fail(false);
		expect(FakeEventSource.opened).toHaveLength(1);
		// The device is online: the stream is reconnecting, not the device offline.
		expect(live.state).toBe('reconnecting');
		vi.stubGlobal('navigator', { onLine: false });
		latest().fail(false);
		expect(live.state).toBe('offline');
		vi.stubGlobal('navigator', { onLine: true });
		latest().fail(true);
		// It first asks whether access ended (it has not: 204).
		await vi.advanceTimersByTimeAsync(999);
		expect(checks).toEqual(['/atelier/events?check']);
		expect(FakeEventSource.opened).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(FakeEventSource.opened).toHaveLength(2);
		expect(latest().url).toBe('/atelier/events?after=ep-7');
		// Giving up again waits longer (backoff), up to a cap.
		latest().fail(true);
		await vi.advanceTimersByTimeAsync(1999);
		expect(FakeEventSource.opened).toHaveLength(2);
		await vi.advanceTimersByTimeAsync(1);
		expect(FakeEventSource.opened).toHaveLength(3);
		// The check unanswered (the server restarting): it tries again all the same.
		checkAnswer = 'unreachable';
		latest().fail(true);
		await vi.advanceTimersByTimeAsync(4000);
		expect(FakeEventSource.opened).toHaveLength(4);
		expect(live.state).toBe('reconnecting');
		live.stop();
	});

	it('stops for good when the stream says the access ended, and tells the page why', async () => {
		const { live, ended } = connect();
		latest().open();
		latest().emit('ended', '', '{"reason":"access"}');
		expect(live.state).toBe('ended');
		expect(ended).toEqual(['access']);
		// The server then closes the stream: the browser's error does not start it again.
		latest().fail(true);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(FakeEventSource.opened).toHaveLength(1);
		expect(checks).toEqual([]);
		expect(live.state).toBe('ended');
	});

	it('after giving up, stops when the check says the access ended (404) or the session did (401)', async () => {
		for (const [status, reason] of [
			[404, 'access'],
			[401, 'session']
		] as const) {
			FakeEventSource.opened = [];
			const { live, ended } = connect();
			latest().open();
			checkAnswer = status;
			latest().fail(true);
			await vi.advanceTimersByTimeAsync(60_000);
			expect(FakeEventSource.opened).toHaveLength(1);
			expect(live.state).toBe('ended');
			expect(ended).toEqual([reason]);
		}
	});

	it('notices a silent connection (a laptop that slept) and reconnects from the last id', () => {
		const { live } = connect();
		latest().open();
		latest().send('ep-9', event);
		// Pings keep it alive.
		for (let i = 0; i < 4; i += 1) {
			vi.advanceTimersByTime(20_000);
			latest().emit('ping');
		}
		expect(FakeEventSource.opened).toHaveLength(1);
		vi.advanceTimersByTime(40_000);
		expect(FakeEventSource.opened).toHaveLength(1);
		vi.advanceTimersByTime(15_000);
		expect(FakeEventSource.opened).toHaveLength(2);
		expect(FakeEventSource.opened[0].readyState).toBe(FakeEventSource.CLOSED);
		expect(latest().url).toBe('/atelier/events?after=ep-9');
		live.stop();
	});

	it('reconnects at once when the page becomes visible again after a long silence', () => {
		const { live } = connect();
		latest().open();
		vi.setSystemTime(Date.now() + 10 * 60_000);
		documentListeners.get('visibilitychange')!();
		// Right away, not after the watchdog's next round.
		vi.advanceTimersByTime(1);
		expect(FakeEventSource.opened).toHaveLength(2);
		live.stop();
	});

	it('asks the page to reload its data on a reload event, then goes on from its id', async () => {
		const { live, reloads } = connect();
		latest().open();
		latest().emit('reload', 'ep-40');
		expect(reloads()).toBe(1);
		latest().fail(true);
		await vi.advanceTimersByTimeAsync(1000);
		expect(latest().url).toBe('/atelier/events?after=ep-40');
		live.stop();
	});

	it('stops for good: no reconnection after stop()', async () => {
		const { live } = connect();
		latest().fail(true);
		live.stop();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(FakeEventSource.opened).toHaveLength(1);
		expect(windowListeners.size + documentListeners.size).toBe(0);
	});
});

// LiveChannel.listenAfter decides for every page whether an event is already in its data. Stream
// positions are `<epoch>-<seq>`: the epoch changes when the server restarts and the sequence starts
// again, so `nx-1` (after a restart) is newer than `ep-5` (before it) despite its smaller number.
describe('LiveChannel.listenAfter (what a page has not seen yet)', () => {
	const person = (userId: string): LiveEvent => ({ type: 'online', userId, online: true });

	function channel(cursor: string) {
		const reloads: string[] = [];
		const live = new LiveChannel();
		live.connect('/atelier/events', cursor, () => {
			reloads.push('reload');
		});
		latest().open();
		return { live, reloads };
	}

	function listen(live: LiveChannel, cursor: string | null) {
		const received: string[] = [];
		let stale = 0;
		const stop = live.listenAfter(
			cursor,
			(_event, id) => received.push(id ?? ''),
			() => (stale += 1)
		);
		return { received, stale: () => stale, stop };
	}

	it('hands over the events delivered since its cursor, then each newer one', () => {
		const { live } = channel('ep-3');
		latest().send('ep-4', person('ana'));
		latest().send('ep-5', person('bo'));
		// The page's data was read at ep-4 and it listens once mounted, after ep-5 came in.
		const page = listen(live, 'ep-4');
		latest().send('ep-6', person('cy'));
		expect(page.received).toEqual(['ep-5', 'ep-6']);
		expect(page.stale()).toBe(0);
		live.disconnect();
	});

	it('skips what its data already holds when it listens before the channel connects', () => {
		const live = new LiveChannel();
		// The page mounts first (its data read at ep-5), then the layout connects at its own,
		// earlier cursor and the stream delivers from there.
		const page = listen(live, 'ep-5');
		live.connect('/atelier/events', 'ep-3', () => {});
		latest().open();
		latest().send('ep-4', person('ana'));
		latest().send('ep-5', person('bo'));
		latest().send('ep-6', person('cy'));
		expect(page.received).toEqual(['ep-6']);
		expect(page.stale()).toBe(0);
		live.disconnect();
	});

	it('after a server restart, takes the new process’s events as newer and drops the old ones', () => {
		const { live, reloads } = channel('ep-3');
		latest().send('ep-6', person('ana'));
		const before = listen(live, 'ep-5');
		expect(before.received).toEqual(['ep-6']);
		// The server restarts: the stream says to reload, then goes on from a new epoch.
		latest().emit('reload', 'nx-0');
		latest().send('nx-1', person('bo'));
		expect(reloads).toHaveLength(1);
		// The page still shows its data of ep-5, and nx-1 is not in it.
		expect(before.received).toEqual(['ep-6', 'nx-1']);
		before.stop();
		// The reloaded data (read at nx-1) listens again: nothing of before the restart comes back,
		// nothing it holds is handed over twice, and what follows comes in.
		const after = listen(live, 'nx-1');
		latest().send('nx-2', person('cy'));
		expect(after.received).toEqual(['nx-2']);
		expect(after.stale()).toBe(0);
		// Data still read before the restart cannot be caught up: it is reloaded.
		expect(listen(live, 'ep-5').stale()).toBe(1);
		live.disconnect();
	});

	it('with no cursor, hands over every event from now on and nothing from before', () => {
		const { live } = channel('ep-3');
		latest().send('ep-4', person('ana'));
		const rooms = listen(live, null);
		latest().send('ep-5', person('bo'));
		latest().emit('reload', 'nx-0');
		latest().send('nx-1', person('cy'));
		expect(rooms.received).toEqual(['ep-5', 'nx-1']);
		expect(rooms.stale()).toBe(0);
		live.disconnect();
	});
});

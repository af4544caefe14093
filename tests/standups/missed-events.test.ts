// A page mounted after its load must not lose the live events published in between: the browser's
// channel keeps what it delivered lately (LiveBacklog) and hands a late listener the events after
// the cursor its data was read at — or says it cannot, so the page reloads its data.
import { describe, expect, it } from 'vitest';
import { LiveHub } from '../../src/lib/server/live/hub';
import { isAfter, LiveBacklog, type LiveMessage } from '../../src/lib/live-events';

const standup = (runId: string, version: number) =>
	({
		type: 'standup',
		standupId: 's1',
		runId,
		state: { version }
	}) as unknown as LiveMessage['event'];

describe('a late listener', () => {
	it('gets exactly the events published between its load and its mount', () => {
		const hub = new LiveHub();
		const backlog = new LiveBacklog();
		// The layout's connection starts at the layout's cursor and delivers everything after it.
		backlog.reset(hub.cursor('c1'));
		hub.subscribe('c1', 'u1', hub.cursor('c1'), {
			deliver: (message) => backlog.push(message),
			reload: () => backlog.reset(hub.cursor('c1')),
			close: () => {}
		});
		hub.publish('c1', standup('r1', 1));
		// The stand-up page reads its data here …
		const pageCursor = hub.cursor('c1');
		// … the round starts while the page is on its way to the browser …
		const started = hub.publish('c1', standup('r1', 2));
		const moved = hub.publish('c1', standup('r1', 3));
		// … and the page, once mounted, is handed both, not the one its data already had.
		expect(backlog.since(pageCursor)).toEqual([started, moved]);
		expect(backlog.since(moved.id)).toEqual([]);
	});

	it('is told to reload when the events since its cursor are no longer known', () => {
		const hub = new LiveHub();
		const backlog = new LiveBacklog(2);
		backlog.reset(hub.cursor('c1'));
		const early = hub.cursor('c1');
		for (let version = 1; version <= 3; version += 1) {
			backlog.push(hub.publish('c1', standup('r1', version)));
		}
		// Three events since `early`, two kept.
		expect(backlog.since(early)).toBeNull();
		// A cursor of another process (the server restarted) cannot be served either.
		expect(backlog.since(new LiveHub().cursor('c1'))).toBeNull();
		expect(backlog.since(null)).toBeNull();
	});

	it('compares positions within one process, and takes any position of a newer one', () => {
		const hub = new LiveHub();
		const first = hub.publish('c1', standup('r1', 1)).id;
		const second = hub.publish('c1', standup('r1', 2)).id;
		expect(isAfter(second, first)).toBe(true);
		expect(isAfter(first, second)).toBe(false);
		expect(isAfter(first, first)).toBe(false);
		expect(isAfter(new LiveHub().cursor('c1'), second)).toBe(true);
	});
});

// Awareness (who is in the document, their cursor) through the server's own awareness store, with
// stock y-websocket providers: relayed to the others and to late joiners, removed when a
// connection goes, and dropped by the server's sweep when nobody renews it.
import * as encoding from 'lib0/encoding';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	companyWithDocument,
	connect,
	ManualClock,
	roundTrip,
	synced,
	useCollabDatabase,
	useCollabServers,
	within
} from './support';

useCollabDatabase();

const start = useCollabServers();

const sockets: WebSocket[] = [];
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.terminate();
});

/** Names of the people the provider's awareness currently shows (its own included). */
const names = (provider: WebsocketProvider): string[] =>
	[...provider.awareness.getStates().values()]
		.map((state) => (state.user as { name?: string } | undefined)?.name)
		.filter((name): name is string => typeof name === 'string')
		.sort();

/** Resolves once the provider's awareness shows exactly `expected`. */
function shows(provider: WebsocketProvider, expected: string[]): Promise<void> {
	const want = [...expected].sort().join(',');
	if (names(provider).join(',') === want) return Promise.resolve();
	return within(5000, `awareness to show ${want}`, (done) => {
		const onChange = () => {
			if (names(provider).join(',') !== want) return;
			provider.awareness.off('change', onChange);
			done(undefined);
		};
		provider.awareness.on('change', onChange);
	});
}

describe('collaboration awareness', () => {
	it('shows who is here to the others and to a late joiner, and forgets whoever leaves', async () => {
		const harness = await start();
		const { owner, document } = await companyWithDocument();
		const alice = connect(harness, document.id, owner);
		const bruno = connect(harness, document.id, owner);
		await Promise.all([synced(alice), synced(bruno)]);
		alice.awareness.setLocalStateField('user', { name: 'Alice' });
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });
		await Promise.all([shows(alice, ['Alice', 'Bruno']), shows(bruno, ['Alice', 'Bruno'])]);

		const chloe = connect(harness, document.id, owner);
		chloe.awareness.setLocalStateField('user', { name: 'Chloé' });
		await shows(chloe, ['Alice', 'Bruno', 'Chloé']);
		await shows(alice, ['Alice', 'Bruno', 'Chloé']);

		// Bruno's socket closes without his client removing his state: the server does, for everyone.
		bruno.disconnect();
		await Promise.all([shows(alice, ['Alice', 'Chloé']), shows(chloe, ['Alice', 'Chloé'])]);
		expect(names(chloe)).toEqual(['Alice', 'Chloé']);
	});

	it('drops a state nobody renewed for 30 seconds and tells the others', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock });
		const { owner, document } = await companyWithDocument();
		const bruno = connect(harness, document.id, owner);
		await synced(bruno);
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });
		// Alice announces herself once and never again (a client that stopped renewing).
		const alice = new WebSocket(`${harness.url}/${document.id}`, {
			headers: { cookie: owner.cookie }
		});
		sockets.push(alice);
		await once(alice, 'open');
		const announcer = new Awareness(new Y.Doc());
		announcer.setLocalState({ user: { name: 'Alice' } });
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1); // awareness message
		encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(announcer, [announcer.clientID]));
		announcer.destroy();
		alice.send(encoding.toUint8Array(encoder));
		await shows(bruno, ['Alice', 'Bruno']);

		clock.advance(20_000);
		// Bruno renews (his provider would every 15 s), so he outlives the sweep; Alice does not.
		bruno.awareness.setLocalStateField('cursor', { at: 1 });
		await roundTrip(bruno);
		clock.advance(15_000);
		await shows(bruno, ['Bruno']);
		expect(names(bruno)).toEqual(['Bruno']);
		expect(alice.readyState).toBe(WebSocket.OPEN);
	});
});

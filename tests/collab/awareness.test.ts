// Awareness (who is in the document, their cursor) through the server's own awareness store, with
// stock y-websocket providers: relayed to the others and to late joiners, removed when a
// connection goes, and dropped by the server's sweep when nobody renews it.
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../../server/collab';
import {
	closeCode,
	companyWithDocument,
	connect,
	ManualClock,
	openSocket,
	roundTrip,
	synced,
	useCollabDatabase,
	useCollabServers,
	within
} from './support';

useCollabDatabase();

const start = useCollabServers();

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

	it('echoes a renewal to its sender: alone in a document, the socket still hears something', async () => {
		// y-websocket closes a socket that heard nothing for 30 s; its client renews its own state
		// every 15 s, and the echo of that renewal is what someone alone and reading hears.
		const harness = await start();
		const { owner, document } = await companyWithDocument();
		const alone = connect(harness, document.id, owner);
		await synced(alone);
		const heardBefore = alone.wsLastMessageReceived;
		await new Promise((tick) => setTimeout(tick, 5));
		alone.awareness.setLocalStateField('user', { name: 'Alice' });
		await within(5000, 'the renewal to come back', (done) => {
			const check = setInterval(() => {
				if (alone.wsLastMessageReceived > heardBefore) {
					clearInterval(check);
					done(undefined);
				}
			}, 10);
		});
		expect(alone.wsconnected).toBe(true);
	});

	it('drops a state nobody renewed for 30 seconds and tells the others', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock });
		const { owner, document } = await companyWithDocument();
		const bruno = connect(harness, document.id, owner);
		await synced(bruno);
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });
		// Alice announces herself once and never again (a client that stopped renewing).
		const alice = await openSocket(harness, document.id, owner);
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

/** An awareness message giving `clients` a state each (clock 1), or `state` as given. */
function awarenessFrame(clients: number[], state = '{"user":{"name":"Mallory"}}'): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, clients.length);
	for (const client of clients) {
		encoding.writeVarUint(update, client);
		encoding.writeVarUint(update, 1);
		encoding.writeVarString(update, state);
	}
	const frame = encoding.createEncoder();
	encoding.writeVarUint(frame, 1); // awareness message
	encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
	return encoding.toUint8Array(frame);
}

describe('awareness limits', () => {
	it('closes a connection that sends more states than one connection may hold, keeping none of them', async () => {
		const harness = await start();
		const { owner, document } = await companyWithDocument();
		const bruno = connect(harness, document.id, owner);
		await synced(bruno);
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });

		// The flood: many messages of a thousand fresh ids each (500k entries then).
		const flooder = await openSocket(harness, document.id, owner);
		const closed = closeCode(flooder);
		for (let batch = 0; batch < 50; batch++) {
			const ids = Array.from({ length: 1000 }, (_, i) => 1_000_000 + batch * 1000 + i);
			if (flooder.readyState === WebSocket.OPEN) flooder.send(awarenessFrame(ids));
		}
		expect(await closed).toBe(CloseCode.policyViolation);

		// One id at a time: sixteen are fine (the default cap), the seventeenth is not.
		const stepper = await openSocket(harness, document.id, owner);
		for (let id = 1; id <= 16; id++) stepper.send(awarenessFrame([id]));
		await shows(bruno, ['Bruno', ...Array<string>(16).fill('Mallory')]);
		const stepperClosed = closeCode(stepper);
		stepper.send(awarenessFrame([17]));
		expect(await stepperClosed).toBe(CloseCode.policyViolation);

		// Nothing of either is left on the server: a newcomer sees Bruno alone.
		await shows(bruno, ['Bruno']);
		const chloe = connect(harness, document.id, owner);
		chloe.awareness.setLocalStateField('user', { name: 'Chloé' });
		await shows(chloe, ['Bruno', 'Chloé']);
		expect(names(chloe)).toEqual(['Bruno', 'Chloé']);
	});

	it('closes a connection that sends a too large awareness update (1009)', async () => {
		const harness = await start();
		const { owner, document } = await companyWithDocument();
		const bruno = connect(harness, document.id, owner);
		await synced(bruno);
		const sender = await openSocket(harness, document.id, owner);
		const closed = closeCode(sender);
		const big = JSON.stringify({ user: { name: 'Mallory', notes: 'x'.repeat(300 * 1024) } });
		sender.send(awarenessFrame([99], big));
		expect(await closed).toBe(CloseCode.messageTooBig);
		await roundTrip(bruno);
		expect(names(bruno)).toEqual([]);
	});
});

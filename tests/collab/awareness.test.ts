// Awareness (who is in the document, their cursor) through the server's own awareness store, with
// stock y-websocket providers: relayed to the others and to late joiners, removed when a
// connection goes, and dropped by the server's sweep when nobody renews it. Each state names the
// account of the socket that sent it, whatever the client wrote, and one person's socket cannot
// change or remove a colleague's state.
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../../server/collab';
import { eq } from 'drizzle-orm';
import { getDb } from '../../src/lib/server/db';
import { users } from '../../src/lib/server/db/schema';
import { addMember } from '../helpers/factories';
import {
	closeCode,
	companyWithDocument,
	connect,
	ManualClock,
	openSocket,
	roundTrip,
	signedIn,
	synced,
	type Person,
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

/** A company with a document, and a colleague in it for each name (their account's name). */
async function team(...names: string[]) {
	const { owner, document, company } = await companyWithDocument();
	const people: Record<string, Person> = {};
	for (const name of names) {
		const person = await signedIn(name);
		// Exactly that name (the factory numbers its names), as the states must read.
		getDb().update(users).set({ name }).where(eq(users.id, person.user.id)).run();
		addMember(company, owner.user, person.user, 'member');
		people[name] = person;
	}
	return { owner, document, people };
}

describe('collaboration awareness', () => {
	it('shows who is here to the others and to a late joiner, and forgets whoever leaves', async () => {
		const harness = await start();
		const { document, people } = await team('Alice', 'Bruno', 'Chloé');
		const alice = connect(harness, document.id, people.Alice);
		const bruno = connect(harness, document.id, people.Bruno);
		await Promise.all([synced(alice), synced(bruno)]);
		alice.awareness.setLocalStateField('user', { name: 'Alice' });
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });
		await Promise.all([shows(alice, ['Alice', 'Bruno']), shows(bruno, ['Alice', 'Bruno'])]);

		const chloe = connect(harness, document.id, people.Chloé);
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
		const { document, people } = await team('Alice', 'Bruno');
		const bruno = connect(harness, document.id, people.Bruno);
		await synced(bruno);
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });
		// Alice announces herself once and never again (a client that stopped renewing).
		const alice = await openSocket(harness, document.id, people.Alice);
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

	it('names each state after the account of the socket that sent it, whatever the client wrote', async () => {
		const harness = await start();
		const { document, people } = await team('Alice', 'Mallory');
		const alice = connect(harness, document.id, people.Alice);
		const mallory = connect(harness, document.id, people.Mallory);
		await Promise.all([synced(alice), synced(mallory)]);
		alice.awareness.setLocalStateField('user', { name: 'Alice', color: '#b91c1c' });
		// A modified client passing itself off as Alice, in another house.
		mallory.awareness.setLocalStateField('user', {
			name: 'Alice',
			house: 'Maison de Murat',
			color: '#1d4ed8'
		});
		await shows(alice, ['Alice', 'Mallory']);
		// Mallory's client still shows its own state as it wrote it.
		await shows(mallory, ['Alice', 'Alice']);
		// Each sees the other as the server stamped them (their own state stays as they set it).
		const asSeenBy = (provider: WebsocketProvider, clientId: number) =>
			provider.awareness.getStates().get(clientId)?.user;
		expect(asSeenBy(alice, mallory.awareness.clientID)).toEqual({
			name: 'Mallory',
			house: null,
			color: '#1d4ed8'
		});
		expect(asSeenBy(mallory, alice.awareness.clientID)).toEqual({
			name: 'Alice',
			house: null,
			color: '#b91c1c'
		});
	});

	it('refuses to let one person’s socket change or remove a colleague’s state', async () => {
		const harness = await start();
		const { document, people } = await team('Alice', 'Bruno', 'Mallory');
		const alice = connect(harness, document.id, people.Alice);
		const bruno = connect(harness, document.id, people.Bruno);
		await Promise.all([synced(alice), synced(bruno)]);
		alice.awareness.setLocalStateField('user', { name: 'Alice' });
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });
		await shows(bruno, ['Alice', 'Bruno']);
		const aliceId = alice.awareness.clientID;
		const clock = (alice.awareness.meta.get(aliceId)?.clock ?? 0) + 100;

		const mallory = await openSocket(harness, document.id, people.Mallory);
		mallory.send(awarenessFrame([aliceId], 'null', clock));
		mallory.send(awarenessFrame([aliceId], '{"user":{"name":"Alice","away":true}}', clock + 1));
		// Mallory's own state goes through, after the two above: once Bruno sees it, he has seen them.
		mallory.send(awarenessFrame([424242]));
		await shows(bruno, ['Alice', 'Bruno', 'Mallory']);
		expect(bruno.awareness.getStates().get(aliceId)?.user).toEqual({ name: 'Alice', house: null });
	});

	it('lets the same person’s new socket take its client id over, and keeps it when the old one closes', async () => {
		const harness = await start();
		const { document, people } = await team('Alice', 'Bruno');
		const bruno = connect(harness, document.id, people.Bruno);
		await synced(bruno);
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });
		// A client keeps its id when it reconnects, often before the server sees its old socket go.
		const before = await openSocket(harness, document.id, people.Alice);
		before.send(awarenessFrame([777], '{"user":{"name":"Alice"}}', 1));
		await shows(bruno, ['Alice', 'Bruno']);
		const after = await openSocket(harness, document.id, people.Alice);
		after.send(awarenessFrame([777], '{"user":{"name":"Alice"},"cursor":1}', 2));
		await within(5000, 'the new socket’s state', (done) => {
			const check = () => {
				if (bruno.awareness.getStates().get(777)?.cursor !== 1) return;
				bruno.awareness.off('change', check);
				done(undefined);
			};
			bruno.awareness.on('change', check);
			check();
		});
		before.close();
		await roundTrip(bruno);
		// The server handles the close before Bruno's round trip: Alice is still here.
		await new Promise<void>((done) => before.once('close', () => done()));
		await roundTrip(bruno);
		expect(names(bruno)).toEqual(['Alice', 'Bruno']);
	});

	it('keeps a state its person’s new socket gave after the old one’s was removed, when the old one closes', async () => {
		const harness = await start();
		const { document, people } = await team('Alice', 'Bruno');
		const bruno = connect(harness, document.id, people.Bruno);
		await synced(bruno);
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });
		const before = await openSocket(harness, document.id, people.Alice);
		before.send(awarenessFrame([778], '{"user":{"name":"Alice"}}', 1));
		await shows(bruno, ['Alice', 'Bruno']);
		// Its state removed (by its client, or by the sweep), the old socket lingers half-open.
		before.send(awarenessFrame([778], 'null', 2));
		await shows(bruno, ['Bruno']);
		const after = await openSocket(harness, document.id, people.Alice);
		after.send(awarenessFrame([778], '{"user":{"name":"Alice"}}', 3));
		await shows(bruno, ['Alice', 'Bruno']);
		const gone = new Promise<void>((done) => before.once('close', () => done()));
		before.close();
		await gone;
		await roundTrip(bruno);
		expect(names(bruno)).toEqual(['Alice', 'Bruno']);
	});
});

/** An awareness message giving `clients` a state each (at `clock`, 1 unless told). */
function awarenessFrame(
	clients: number[],
	state = '{"user":{"name":"Mallory"}}',
	clock = 1
): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, clients.length);
	for (const client of clients) {
		encoding.writeVarUint(update, client);
		encoding.writeVarUint(update, clock);
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
		const { document, people } = await team('Bruno', 'Mallory', 'Chloé');
		const bruno = connect(harness, document.id, people.Bruno);
		await synced(bruno);
		bruno.awareness.setLocalStateField('user', { name: 'Bruno' });

		// The flood: many messages of a thousand fresh ids each (500k entries then).
		const flooder = await openSocket(harness, document.id, people.Mallory);
		const closed = closeCode(flooder);
		for (let batch = 0; batch < 50; batch++) {
			const ids = Array.from({ length: 1000 }, (_, i) => 1_000_000 + batch * 1000 + i);
			if (flooder.readyState === WebSocket.OPEN) flooder.send(awarenessFrame(ids));
		}
		expect(await closed).toBe(CloseCode.policyViolation);

		// One id at a time: sixteen are fine (the default cap), the seventeenth is not.
		const stepper = await openSocket(harness, document.id, people.Mallory);
		for (let id = 1; id <= 16; id++) stepper.send(awarenessFrame([id]));
		await shows(bruno, ['Bruno', ...Array<string>(16).fill('Mallory')]);
		const stepperClosed = closeCode(stepper);
		stepper.send(awarenessFrame([17]));
		expect(await stepperClosed).toBe(CloseCode.policyViolation);

		// Nothing of either is left on the server: a newcomer sees Bruno alone.
		await shows(bruno, ['Bruno']);
		const chloe = connect(harness, document.id, people.Chloé);
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

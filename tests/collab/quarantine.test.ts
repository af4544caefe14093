// A document whose stored content cannot be read (Yjs overflows its stack decoding, merging or
// encoding it) is quarantined: kept as stored, refused to its editors with 4422, while the
// server and every other document go on. Such content came in before updates were bounded; here
// it is stored directly, or let in by a server run with the unbounded check.
import { once } from 'node:events';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../server/collab';
import { createDocument } from '../../src/lib/server/documents/documents';
import { documentState } from '../../src/lib/server/documents/live';
import { DocumentQuarantinedError, isQuarantined } from '../../src/lib/server/documents/quarantine';
import {
	appendUpdates,
	listVersions,
	readStoredDocument,
	writeSnapshot
} from '../../src/lib/server/documents/store';
import {
	companyWithDocument,
	connect,
	ManualClock,
	nestedArraysUpdate,
	nextEvent,
	openSocket,
	rootUpdate,
	roundTrip,
	stateText,
	synced,
	text,
	until,
	updateFrame,
	useCollabDatabase,
	useCollabServers,
	within,
	type Person
} from './support';
import type { WebsocketProvider } from 'y-websocket';

useCollabDatabase();

const start = useCollabServers();

/**
 * An embed whose JSON nests 100,000 levels: JSON.parse reads it (V8 parses without recursion),
 * so Yjs applies it, but encoding the document JSON.stringifies it, which overflows every time.
 */
const deepEmbedUpdate = () =>
	rootUpdate('t', 5, (update) =>
		encoding.writeVarString(update, '['.repeat(100_000) + ']'.repeat(100_000))
	);

/** A plain text change of its own client. */
function textUpdate(value: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, value);
	return Y.encodeStateAsUpdate(doc);
}

/** Resolves with the code of the provider's next close by the server. */
function closedWith(provider: WebsocketProvider): Promise<number> {
	return within(5000, 'the server to close the socket', (done) =>
		provider.once('connection-close', (event) => done(event?.code ?? 0))
	);
}

/** Opens the document in a provider and expects the server to refuse it with 4422. */
async function expectRefused(harness: { url: string }, documentId: string, person: Person) {
	const provider = connect(harness, documentId, person);
	expect(await closedWith(provider)).toBe(CloseCode.documentUnreadable);
	provider.destroy();
}

async function expectEditable(harness: { url: string }, documentId: string, person: Person) {
	const writer = connect(harness, documentId, person);
	const reader = connect(harness, documentId, person);
	await Promise.all([synced(writer), synced(reader)]);
	writer.doc.getText('t').insert(0, 'encore ');
	await until(reader.doc, (doc) => text(doc).startsWith('encore '));
	await roundTrip(writer);
	expect(stateText(await documentState(documentId))).toBe(text(writer.doc));
}

describe('quarantined documents', () => {
	it('are set aside at start-up when a stored update nests too deeply; the others are compacted and edited', async () => {
		const { owner, company, document: poisoned } = await companyWithDocument();
		const healthy = createDocument(
			company.id,
			{ userId: owner.user.id, role: 'owner' },
			{ title: 'Compte rendu', kind: 'blank' }
		);
		// A snapshot, then the update after it (as a crash leaves them), and a healthy
		// document with a leftover update of its own.
		writeSnapshot(poisoned.id, textUpdate('avant'), 0);
		appendUpdates(poisoned.id, [{ update: nestedArraysUpdate(7000), userId: owner.user.id }]);
		appendUpdates(healthy.id, [{ update: textUpdate('sain'), userId: owner.user.id }]);
		const before = readStoredDocument(poisoned.id);

		const harness = await start();
		expect(isQuarantined(poisoned.id)).toBe(true);
		expect(readStoredDocument(poisoned.id)).toEqual(before);
		expect(readStoredDocument(healthy.id).updates).toHaveLength(0);

		await expectRefused(harness, poisoned.id, owner);
		await expect(documentState(poisoned.id)).rejects.toBeInstanceOf(DocumentQuarantinedError);
		await expectEditable(harness, healthy.id, owner);
		expect(readStoredDocument(poisoned.id)).toEqual(before);
	});

	it('are refused at load when their snapshot nests too deeply', async () => {
		const { owner, document } = await companyWithDocument();
		writeSnapshot(document.id, nestedArraysUpdate(2000), 0);
		const before = readStoredDocument(document.id);
		const harness = await start();
		await expectRefused(harness, document.id, owner);
		expect(isQuarantined(document.id)).toBe(true);
		await expectRefused(harness, document.id, owner);
		expect(readStoredDocument(document.id)).toEqual(before);
	});

	// The next two hold the quarantine to its word independently of the update check: a server
	// with the unbounded check loads a stored embed whose JSON nests 100,000 levels (Yjs decodes
	// it, then overflows on every encode of the document).

	it('are set aside, not written, when encoding them fails at idle unload; the process goes on', async () => {
		const { owner, company, document } = await companyWithDocument();
		const other = createDocument(
			company.id,
			{ userId: owner.user.id, role: 'owner' },
			{ title: 'Compte rendu', kind: 'blank' }
		);
		writeSnapshot(document.id, deepEmbedUpdate(), 0);
		const clock = new ManualClock();
		const harness = await start({ clock, maxUpdateDepth: Infinity, maxUpdateValues: Infinity });

		// An edit that needs no encoding of the rest: an automatic version and a snapshot are due.
		const socket = await openSocket(harness, document.id, owner);
		const flushed = nextEvent(harness.collab, 'flushed');
		socket.send(updateFrame(textUpdate('après')));
		await flushed;
		const closed = nextEvent(harness.collab, 'connection-closed');
		socket.close();
		await closed;
		const stored = readStoredDocument(document.id);
		expect(stored.updates).toHaveLength(1);

		// The idle unload, which threw out of its timer (taking the process down) before.
		const unloaded = nextEvent(harness.collab, 'document-unloaded');
		clock.advance(60_000);
		await unloaded;
		expect(isQuarantined(document.id)).toBe(true);
		expect(readStoredDocument(document.id)).toEqual(stored);
		expect(listVersions(document.id)).toHaveLength(0);

		await expectEditable(harness, other.id, owner);
		await expectRefused(harness, document.id, owner);
	});

	it('closes the sockets of a loaded document whose content cannot be encoded for a reader', async () => {
		const { owner, document } = await companyWithDocument();
		writeSnapshot(document.id, deepEmbedUpdate(), 0);
		const before = readStoredDocument(document.id);
		const harness = await start({ maxUpdateDepth: Infinity, maxUpdateValues: Infinity });
		const loaded = nextEvent(harness.collab, 'document-loaded');
		const socket = await openSocket(harness, document.id, owner);
		await loaded;

		// An export reads the whole content: it cannot be encoded, so the document is set aside.
		const socketClosed = once(socket, 'close');
		await expect(documentState(document.id)).rejects.toBeInstanceOf(DocumentQuarantinedError);
		expect((await socketClosed)[0]).toBe(CloseCode.documentUnreadable);
		expect(isQuarantined(document.id)).toBe(true);
		expect(harness.collab.isLoaded(document.id)).toBe(false);
		expect(readStoredDocument(document.id)).toEqual(before);
	});
});

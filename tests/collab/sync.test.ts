// Two and three stock y-websocket providers against the real server over loopback: they converge,
// a late joiner receives everything, and the content survives a restart on the same database.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDocumentState } from '../../src/lib/server/documents/store';
import {
	companyWithDocument,
	connect,
	destroyProviders,
	synced,
	text,
	until,
	useCollabDatabase,
	useCollabServers
} from './support';

useCollabDatabase();

const start = useCollabServers();

describe('collaboration server', () => {
	it('lets two providers converge and gives a late joiner the full state', async () => {
		const harness = await start();
		const { owner, document } = await companyWithDocument();
		const a = connect(harness, document.id, owner);
		const b = connect(harness, document.id, owner);
		await Promise.all([synced(a), synced(b)]);

		a.doc.getText('t').insert(0, 'Bonjour ');
		b.doc.getText('t').insert(0, 'Salut ');
		await Promise.all([
			until(a.doc, (doc) => text(doc).length === 14),
			until(b.doc, (doc) => text(doc).length === 14)
		]);
		expect(text(a.doc)).toBe(text(b.doc));

		const c = connect(harness, document.id, owner);
		await synced(c);
		expect(text(c.doc)).toBe(text(a.doc));
		// Stored before it was relayed: the log already has both edits.
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDocumentState(document.id).state);
		expect(text(stored)).toBe(text(a.doc));
	});

	it('sends offline edits of a reconnecting client to the others', async () => {
		const harness = await start();
		const { owner, document } = await companyWithDocument();
		const a = connect(harness, document.id, owner);
		await synced(a);
		// Made before connecting: reaches the server through the sync handshake, not as an update.
		const offline = new Y.Doc();
		offline.getText('t').insert(0, 'hors ligne');
		const b = connect(harness, document.id, owner, offline);
		await synced(b);
		await until(a.doc, (doc) => text(doc) === 'hors ligne');
		expect(text(a.doc)).toBe('hors ligne');
	});

	it('keeps every update across a restart on the same database', async () => {
		const first = await start();
		const { owner, document } = await companyWithDocument();
		const writer = connect(first, document.id, owner);
		await synced(writer);
		for (let i = 0; i < 50; i++) writer.doc.getArray<number>('n').push([i]);
		const witness = connect(first, document.id, owner);
		await synced(witness);
		await until(witness.doc, (doc) => doc.getArray('n').length === 50);
		destroyProviders();
		await first.close();

		const second = await start();
		const reader = connect(second, document.id, owner);
		await synced(reader);
		expect(reader.doc.getArray('n').toArray()).toEqual([...Array(50).keys()]);
	});
});

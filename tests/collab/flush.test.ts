// How updates reach SQLite: every document's updates of one event-loop turn in one transaction,
// one document's failure not holding the others back, and documents.edited_at written every few
// seconds while a document is edited, and always at stop.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getDb } from '../../src/lib/server/db';
import { documents } from '../../src/lib/server/db/schema';
import { createDocument } from '../../src/lib/server/documents/documents';
import { applyServerUpdate } from '../../src/lib/server/documents/live';
import { loadDocumentState } from '../../src/lib/server/documents/store';
import {
	companyWithDocument,
	connect,
	ManualClock,
	roundTrip,
	stateText,
	synced,
	text,
	until,
	useCollabDatabase,
	useCollabServers
} from './support';

useCollabDatabase();

const start = useCollabServers();
const insertion = (content: string) => {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, content);
	return Y.encodeStateAsUpdate(doc);
};
const edited = (documentId: string) =>
	getDb()
		.select({ at: documents.editedAt, by: documents.lastEditorId })
		.from(documents)
		.where(eq(documents.id, documentId))
		.get();
const editedAt = (documentId: string) => edited(documentId)?.at?.getTime() ?? 0;
const aMoment = () => new Promise((done) => setTimeout(done, 5));

describe('flushing to SQLite', () => {
	it('stores and relays the other documents of a turn when one of them cannot be stored', async () => {
		const harness = await start();
		const { owner, company, document } = await companyWithDocument();
		const gone = createDocument(
			company.id,
			{ userId: owner.user.id, role: 'owner' },
			{ title: 'Bientôt supprimé', kind: 'blank' }
		);
		const reader = connect(harness, document.id, owner);
		const goneReader = connect(harness, gone.id, owner);
		await Promise.all([synced(reader), synced(goneReader)]);
		// Deleted behind the server's back: its next append fails on the foreign key.
		getDb().delete(documents).where(eq(documents.id, gone.id)).run();

		// Both changes land in the same turn, so in the same batch.
		const stored = applyServerUpdate(document.id, insertion('kept'), owner.user.id);
		const refused = applyServerUpdate(gone.id, insertion('lost'), owner.user.id);
		await expect(stored).resolves.toBeUndefined();
		await expect(refused).rejects.toThrow(/closed before storing/);
		await until(reader.doc, (doc) => text(doc) === 'kept');
		expect(stateText(loadDocumentState(document.id).state)).toBe('kept');
		expect(text(goneReader.doc)).toBe('');
	});

	it('writes the last edit every few seconds while edited, and the latest at stop', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, editedAtIntervalMs: 5000 });
		const { owner, document } = await companyWithDocument();
		const writer = connect(harness, document.id, owner);
		await synced(writer);

		writer.doc.getText('t').insert(0, 'a');
		await roundTrip(writer);
		expect(edited(document.id)?.by).toBe(owner.user.id);
		const first = editedAt(document.id);
		expect(first).toBeGreaterThan(0);

		await aMoment();
		writer.doc.getText('t').insert(1, 'b');
		await roundTrip(writer);
		// Within the interval: stored, but edited_at is not rewritten yet.
		expect(stateText(loadDocumentState(document.id).state)).toBe('ab');
		expect(editedAt(document.id)).toBe(first);

		// Once the interval is over, the latest edit is written although nobody typed since.
		clock.advance(5000);
		const second = editedAt(document.id);
		expect(second).toBeGreaterThan(first);

		await aMoment();
		writer.doc.getText('t').insert(2, 'c');
		await roundTrip(writer);
		expect(editedAt(document.id)).toBe(second);
		await harness.close();
		expect(editedAt(document.id)).toBeGreaterThan(second);
	});
});

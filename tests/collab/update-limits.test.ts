// An update whose values nest deeply is refused at the door like a malformed frame (1007): never
// applied, stored or relayed. Stored, such an update made every later encode of the document
// overflow the stack (the idle unload took the whole process down with it).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../server/collab';
import { createDocument } from '../../src/lib/server/documents/documents';
import { loadDocumentState } from '../../src/lib/server/documents/store';
import {
	closeCode,
	companyWithDocument,
	connect,
	destroyProviders,
	ManualClock,
	nestedArraysUpdate,
	nextEvent,
	openSocket,
	roundTrip,
	synced,
	text,
	until,
	updateFrame,
	useCollabDatabase,
	useCollabServers
} from './support';

useCollabDatabase();

const start = useCollabServers();

/** The frame, `00 02 <len> 01 01 <client> 00 08 01 01 78 01 (75 01)×depth 7e 00`. */
const deepFrame = (depth: number) => updateFrame(nestedArraysUpdate(depth));

/** Sends `frame` on a socket of its own and resolves with the close code (0: left open). */
async function closeCodeAfter(
	harness: { url: string },
	documentId: string,
	person: { cookie: string },
	frame: Uint8Array
): Promise<number> {
	const socket = await openSocket(harness, documentId, person);
	const closed = closeCode(socket);
	socket.send(frame);
	return closed;
}

describe('update limits', () => {
	it('refuses deeply nested updates with 1007 and keeps serving that document and the others', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock });
		const { owner, company, document } = await companyWithDocument();
		const other = createDocument(
			company.id,
			{ userId: owner.user.id, role: 'owner' },
			{ title: 'Compte rendu', kind: 'blank' }
		);
		const watcher = connect(harness, document.id, owner);
		await synced(watcher);

		expect(deepFrame(7000).byteLength).toBeGreaterThan(14_000);
		for (const depth of [7000, 2000, 129]) {
			const code = await closeCodeAfter(harness, document.id, owner, deepFrame(depth));
			expect(code, `${depth} levels`).toBe(CloseCode.invalidPayload);
		}
		// Just within the limit (128 levels, the null included) is an ordinary value.
		const within = await closeCodeAfter(harness, document.id, owner, deepFrame(127));
		expect(within).toBe(0);

		// Never relayed to the watcher, never stored beyond the accepted one.
		await roundTrip(watcher);
		expect(watcher.doc.getArray('x').length).toBe(1);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDocumentState(document.id).state);
		expect(stored.getArray('x').length).toBe(1);

		// A normal client still edits both documents.
		const first = connect(harness, document.id, owner);
		const second = connect(harness, other.id, owner);
		await Promise.all([synced(first), synced(second)]);
		first.doc.getText('t').insert(0, 'toujours là');
		second.doc.getText('t').insert(0, 'moi aussi');
		await until(watcher.doc, (doc) => text(doc) === 'toujours là');
		await roundTrip(second);

		// Unloaded once idle (the step that crashed on a stored deep value), then opened again.
		destroyProviders();
		for (let wait = 0; wait < 250 && harness.collab.stats().connections > 0; wait++) {
			await new Promise((tick) => setTimeout(tick, 20));
		}
		const unloaded = nextEvent(harness.collab, 'document-unloaded');
		clock.advance(60_000);
		await unloaded;
		expect(harness.collab.isLoaded(document.id)).toBe(false);
		const again = connect(harness, document.id, owner);
		await synced(again);
		await until(again.doc, (doc) => text(doc) === 'toujours là');
		expect(text(again.doc)).toBe('toujours là');
	});
});

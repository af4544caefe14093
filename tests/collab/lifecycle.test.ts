// What happens to a document over its life: archived (read-only), unarchived, versions and
// restore seen live, idle unload and reload, automatic versions, deletion.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../server/collab';
import { deleteDocument, setDocumentArchived } from '../../src/lib/server/documents/documents';
import {
	createNamedVersion,
	documentAccessChanged,
	documentState,
	restoreVersion
} from '../../src/lib/server/documents/live';
import {
	appendUpdates,
	getVersion,
	listVersions,
	loadDocumentState
} from '../../src/lib/server/documents/store';
import {
	companyWithDocument,
	connect,
	fragmentText,
	ManualClock,
	nextEvent,
	permissionMessages,
	roundTrip,
	stateText,
	synced,
	text,
	until,
	useCollabDatabase,
	useCollabServers,
	writeParagraphs
} from './support';

useCollabDatabase();

const start = useCollabServers();

describe('archived documents', () => {
	it('are read-only: changes are refused, clients told, and writable again once unarchived', async () => {
		const harness = await start();
		const { owner, company, document } = await companyWithDocument();
		const actor = { userId: owner.user.id, role: 'owner' as const };
		const a = connect(harness, document.id, owner);
		const b = connect(harness, document.id, owner);
		const aAuth = permissionMessages(a);
		permissionMessages(b);
		await Promise.all([synced(a), synced(b)]);
		a.doc.getText('t').insert(0, 'avant');
		await until(b.doc, (doc) => text(doc) === 'avant');

		const told = aAuth.next();
		setDocumentArchived(company.id, actor, document.id, true);
		documentAccessChanged(document.id);
		expect(await told).toBe('read-only');

		a.doc.getText('t').insert(5, ' après');
		await roundTrip(a);
		await roundTrip(b);
		expect(text(b.doc)).toBe('avant');
		expect(stateText(await documentState(document.id))).toBe('avant');
		expect(stateText(loadDocumentState(document.id).state)).toBe('avant');

		// A newcomer is told at once and still receives the content.
		const c = connect(harness, document.id, owner);
		const cAuth = permissionMessages(c);
		await synced(c);
		expect(cAuth.reasons).toEqual(['read-only']);
		expect(text(c.doc)).toBe('avant');

		const closed = new Promise<number>((done) =>
			a.once('connection-close', (event) => done(event?.code ?? 0))
		);
		setDocumentArchived(company.id, actor, document.id, false);
		documentAccessChanged(document.id);
		expect(await closed).toBe(CloseCode.accessChanged);
		// The provider reconnects by itself and can write again (its refused edit included).
		await synced(a);
		a.doc.getText('t').insert(0, '» ');
		await until(b.doc, (doc) => text(doc) === '» avant après');
		expect(text(b.doc)).toBe(text(a.doc));
	});

	it('disconnects clients of a deleted document for good (4404)', async () => {
		const harness = await start();
		const { owner, company, document } = await companyWithDocument();
		const a = connect(harness, document.id, owner);
		await synced(a);
		const closed = new Promise<number>((done) =>
			a.once('closed', (event: { code: number }) => done(event.code))
		);
		deleteDocument(company.id, { userId: owner.user.id, role: 'owner' }, document.id);
		documentAccessChanged(document.id);
		expect(await closed).toBe(CloseCode.documentDeleted);
		expect(harness.collab.isLoaded(document.id)).toBe(false);
	});
});

describe('versions', () => {
	it('restores a version as a new change every connected client receives', async () => {
		const harness = await start();
		const { owner, document } = await companyWithDocument();
		const a = connect(harness, document.id, owner);
		const b = connect(harness, document.id, owner);
		await Promise.all([synced(a), synced(b)]);

		writeParagraphs(a.doc, ['Version un']);
		await until(b.doc, (doc) => fragmentText(doc) === 'Version un');
		const version = await createNamedVersion(document.id, 'Première', owner.user.id);
		writeParagraphs(b.doc, ['Version deux', 'encore']);
		await until(a.doc, (doc) => fragmentText(doc) === 'Version deux\nencore');

		expect(await restoreVersion(document.id, version.id, owner.user.id)).toBe(true);
		await Promise.all([
			until(a.doc, (doc) => fragmentText(doc) === 'Version un'),
			until(b.doc, (doc) => fragmentText(doc) === 'Version un')
		]);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDocumentState(document.id).state);
		expect(fragmentText(stored)).toBe('Version un');
		// The replaced content was kept as an automatic version; the named one is still there.
		const versions = listVersions(document.id);
		expect(versions.map((v) => v.kind).sort()).toEqual(['auto', 'named']);
		expect(versions[0]).not.toHaveProperty('state');

		expect(await restoreVersion(document.id, 'no-such-version', owner.user.id)).toBe(false);
	});

	it('keeps in the history what a restore replaces, when it was stored before a restart', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, idleUnloadMs: 1000 });
		const { owner, document } = await companyWithDocument();
		const a = connect(harness, document.id, owner);
		await synced(a);
		writeParagraphs(a.doc, ['Version un']);
		await roundTrip(a);
		const version = await createNamedVersion(document.id, 'Première', owner.user.id);
		const closed = nextEvent(harness.collab, 'connection-closed');
		a.destroy();
		await closed;
		const unloaded = nextEvent(harness.collab, 'document-unloaded');
		clock.advance(1000);
		await unloaded;
		// Edits stored, then the process stopped before their automatic version: the server loads
		// the document afresh, knowing nothing of them.
		const edited = new Y.Doc();
		Y.applyUpdate(edited, loadDocumentState(document.id).state);
		const before = Y.encodeStateVector(edited);
		writeParagraphs(edited, ['Version deux']);
		appendUpdates(document.id, [
			{ update: Y.encodeStateAsUpdate(edited, before), userId: owner.user.id }
		]);

		const versionTexts = () =>
			listVersions(document.id).map((summary) => {
				const kept = new Y.Doc();
				Y.applyUpdate(kept, getVersion(document.id, summary.id)!.state);
				return fragmentText(kept);
			});
		expect(await restoreVersion(document.id, version.id, owner.user.id)).toBe(true);
		expect(versionTexts()).toContain('Version deux');
	});

	it('unloads an idle document, reloads it, and saves an automatic version after edits', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, idleUnloadMs: 1000, autoVersionIdleMs: 5000 });
		const { owner, document } = await companyWithDocument();
		const a = connect(harness, document.id, owner);
		await synced(a);
		a.doc.getText('t').insert(0, 'x');
		await roundTrip(a);

		const saved = nextEvent(harness.collab, 'version-saved');
		clock.advance(4999);
		expect(listVersions(document.id)).toHaveLength(0);
		clock.advance(1);
		await saved;
		expect(listVersions(document.id).map((v) => v.kind)).toEqual(['auto']);

		const closed = nextEvent(harness.collab, 'connection-closed');
		a.destroy();
		await closed;
		expect(harness.collab.isLoaded(document.id)).toBe(true);
		const unloaded = nextEvent(harness.collab, 'document-unloaded');
		clock.advance(1000);
		await unloaded;
		expect(harness.collab.isLoaded(document.id)).toBe(false);
		// Written out as a snapshot; no second version, nothing changed since the first.
		expect(listVersions(document.id)).toHaveLength(1);

		const loaded = nextEvent(harness.collab, 'document-loaded');
		const b = connect(harness, document.id, owner);
		await loaded;
		await synced(b);
		expect(text(b.doc)).toBe('x');
	});
});

// After someone deletes their account, the documents of the companies they leave name them
// nowhere: a colleague editing a document sees each "@mention" of them turn into the former-member
// wording without losing what they type meanwhile; the stored snapshot, update log and versions
// hold neither the name nor the id any more (a merged snapshot's deleted mention included); the
// search no longer finds the document by the name; a stand-up summary reads "Former member".
import { eq, inArray } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteAccount } from '../../src/lib/server/account/deletion';
import {
	documents,
	documentSnapshots,
	documentUpdates,
	documentVersions,
	users
} from '../../src/lib/server/db/schema';
import { createDocument } from '../../src/lib/server/documents/documents';
import { CONTENT_FRAGMENT, createNamedVersion } from '../../src/lib/server/documents/live';
import {
	appendUpdates,
	compactDocument,
	loadDocumentState
} from '../../src/lib/server/documents/store';
import { element } from '../../src/lib/server/documents/yjs-nodes';
import { indexDocumentBody } from '../../src/lib/server/search/document-index';
import { documentText, stateText } from '../../src/lib/server/search/document-text';
import { searchCompany } from '../../src/lib/server/search/query';
import { roundCommand, writeSummary } from '../../src/lib/server/standups/rounds';
import {
	createStandup,
	getStandup,
	runForOccurrence
} from '../../src/lib/server/standups/standups';
import { addMember, makeCompany, standupInput } from '../helpers/factories';
import {
	connect,
	ManualClock,
	roundTrip,
	signedIn,
	synced,
	until,
	useCollabDatabase,
	useCollabServers
} from '../collab/support';

const { db } = useCollabDatabase();
const start = useCollabServers();

/** Bruno's company, where Alice works with him until she deletes her account. */
async function colleagues() {
	const bruno = await signedIn('Bruno Marty');
	const alice = await signedIn('Alice Vernet');
	const company = makeCompany(bruno.user, 'Atelier des Combes');
	addMember(company, bruno.user, alice.user, 'member');
	const document = createDocument(
		company.id,
		{ userId: bruno.user.id, role: 'owner' },
		{ title: 'Plan', kind: 'blank' }
	);
	return { bruno, alice, company, document };
}

const mentionOf = (id: string, label: string) => element('mention', { id, label }, []);

const find = (companyId: string, userId: string, input: string) =>
	searchCompany(companyId, userId, input, { limit: 10, allHandsLabel: 'All hands' }).documents.map(
		(hit) => hit.id
	);

/** Every byte stored for the document: snapshot, update log and versions, as one string. */
function storedBytes(documentId: string): string {
	const snapshots = db()
		.select({ state: documentSnapshots.state })
		.from(documentSnapshots)
		.where(eq(documentSnapshots.documentId, documentId))
		.all()
		.map((row) => row.state);
	const logKeys = db()
		.select({ key: documents.logKey })
		.from(documents)
		.where(eq(documents.id, documentId))
		.all()
		.map((row) => row.key as number);
	const updates = db()
		.select({ update: documentUpdates.update })
		.from(documentUpdates)
		.where(inArray(documentUpdates.documentKey, logKeys))
		.all()
		.map((row) => row.update);
	const versions = db()
		.select({ state: documentVersions.state })
		.from(documentVersions)
		.where(eq(documentVersions.documentId, documentId))
		.all()
		.map((row) => row.state);
	return Buffer.concat([...snapshots, ...updates, ...versions]).toString('latin1');
}

const updateRows = (documentId: string) =>
	db()
		.select({ id: documentUpdates.id })
		.from(documentUpdates)
		.innerJoin(documents, eq(documents.logKey, documentUpdates.documentKey))
		.where(eq(documents.id, documentId))
		.all().length;

describe('a document open in a colleague’s editor when the account is deleted', () => {
	it('shows the mention as "Former member" at once, keeps their edits and stores no trace', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, searchIndexIdleMs: 2000 });
		const { bruno, alice, company, document } = await colleagues();
		const client = connect(harness, document.id, bruno);
		await synced(client);
		const fragment = client.doc.getXmlFragment(CONTENT_FRAGMENT);
		fragment.insert(0, [
			element('paragraph', {}, [new Y.XmlText('Ask '), mentionOf(alice.user.id, alice.user.name)])
		]);
		await roundTrip(client);
		clock.advance(2000);
		expect(find(company.id, bruno.user.id, 'Alice')).toEqual([document.id]);
		await createNamedVersion(document.id, 'Before', bruno.user.id);
		expect(storedBytes(document.id)).toContain('Alice Vernet');

		// Typed as the account goes: on its way to the server, not there yet.
		fragment.insert(1, [element('paragraph', {}, [new Y.XmlText('Draft budget')])]);
		expect(deleteAccount(alice.user.id).ok).toBe(true);

		await until(client.doc, (doc) => documentText(doc) === 'Ask @Former member\nDraft budget');
		const mention = (fragment.get(0) as Y.XmlElement).get(1) as Y.XmlElement;
		expect(mention.getAttributes()).toEqual({ label: 'Former member' });
		await roundTrip(client);
		expect(stateText(loadDocumentState(document.id).state)).toBe(
			'Ask @Former member\nDraft budget'
		);
		// The log the mention came in was folded into a snapshot of the server's memory.
		const stored = storedBytes(document.id);
		expect(stored).not.toContain('Alice');
		expect(stored).not.toContain(alice.user.id);
		expect(stored).toContain('Former member');
		expect(find(company.id, bruno.user.id, 'Alice')).toEqual([]);
		expect(find(company.id, bruno.user.id, 'former member')).toEqual([document.id]);
	});
});

describe('the documents list after an account is deleted', () => {
	it('does not show a document as edited just now because a name was erased from it', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, searchIndexIdleMs: 2000 });
		const { bruno, alice, document } = await colleagues();
		const client = connect(harness, document.id, bruno);
		await synced(client);
		const fragment = client.doc.getXmlFragment(CONTENT_FRAGMENT);
		fragment.insert(0, [
			element('paragraph', {}, [new Y.XmlText('Ask '), mentionOf(alice.user.id, alice.user.name)])
		]);
		await roundTrip(client);
		const edited = () =>
			db()
				.select({ at: documents.editedAt, by: documents.lastEditorId })
				.from(documents)
				.where(eq(documents.id, document.id))
				.get()!;
		const before = edited();
		expect(before.by).toBe(bruno.user.id);

		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(deleteAccount(alice.user.id).ok).toBe(true);
		await until(client.doc, (doc) => documentText(doc) === 'Ask @Former member');
		await roundTrip(client);
		// Past the interval at which a pending edit time would be written.
		clock.advance(60_000);
		await roundTrip(client);
		expect(edited()).toEqual(before);
	});
});

describe('a document nobody has open when the account is deleted', () => {
	it('is rewritten in storage, in its author’s language, deleted mentions included', async () => {
		const harness = await start();
		const { bruno, alice, company, document } = await colleagues();
		db().update(users).set({ locale: 'fr' }).where(eq(users.id, bruno.user.id)).run();
		const writer = new Y.Doc();
		const updates: Uint8Array[] = [];
		writer.on('update', (update: Uint8Array) => updates.push(update));
		const fragment = writer.getXmlFragment(CONTENT_FRAGMENT);
		fragment.insert(0, [
			element('paragraph', {}, [new Y.XmlText('Voir '), mentionOf(alice.user.id, 'Alice V.')])
		]);
		fragment.insert(1, [element('paragraph', {}, [mentionOf(alice.user.id, 'Alice Vernet')])]);
		fragment.delete(1, 1);
		appendUpdates(
			document.id,
			updates.map((update) => ({ update, userId: bruno.user.id }))
		);
		// A compaction by merging (as at start-up after a crash) keeps the deleted mention's bytes.
		compactDocument(document.id);
		indexDocumentBody(document.id, stateText(loadDocumentState(document.id).state));
		expect(storedBytes(document.id)).toContain('Alice Vernet');
		expect(find(company.id, bruno.user.id, 'Alice')).toEqual([document.id]);

		expect(deleteAccount(alice.user.id).ok).toBe(true);

		const stored = storedBytes(document.id);
		expect(stored).not.toContain('Alice');
		expect(stored).not.toContain(alice.user.id);
		expect(updateRows(document.id)).toBe(0);
		expect(stateText(loadDocumentState(document.id).state)).toBe('Voir @Ancien membre');
		expect(find(company.id, bruno.user.id, 'Alice')).toEqual([]);
		expect(find(company.id, bruno.user.id, 'ancien membre')).toEqual([document.id]);

		// Opened afterwards, it reads the same.
		const client = connect(harness, document.id, bruno);
		await synced(client);
		expect(documentText(client.doc)).toBe('Voir @Ancien membre');
	});
});

describe('the database’s files after the deletion', () => {
	it('hold neither the old label of a mention, nor its words in the search index, nor the address', async () => {
		await start();
		const { bruno, alice, document } = await colleagues();
		const writer = new Y.Doc();
		const updates: Uint8Array[] = [];
		writer.on('update', (update: Uint8Array) => updates.push(update));
		// An older name of hers, in a mention typed before she changed it.
		writer
			.getXmlFragment(CONTENT_FRAGMENT)
			.insert(0, [
				element('paragraph', {}, [
					new Y.XmlText('Voir '),
					mentionOf(alice.user.id, 'Zéphyrine Brocéliande')
				])
			]);
		appendUpdates(
			document.id,
			updates.map((update) => ({ update, userId: bruno.user.id }))
		);
		compactDocument(document.id);
		indexDocumentBody(document.id, stateText(loadDocumentState(document.id).state));
		await createNamedVersion(document.id, 'Avant', bruno.user.id);

		// The file and its WAL, byte for byte, as anyone who copies them would read them.
		const path = db().$client.name;
		const onDisk = () =>
			Buffer.concat([path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file)));
		// "eliande": the end of the folded word "broceliande", which the search index's segments
		// keep whole even where they share its start with the word before.
		const traces = ['Brocéliande', 'eliande', alice.user.email].map((text) => Buffer.from(text));
		for (const trace of traces) expect(onDisk().includes(trace), String(trace)).toBe(true);

		expect(deleteAccount(alice.user.id).ok).toBe(true);

		const after = onDisk();
		for (const trace of traces) expect(after.includes(trace), String(trace)).toBe(false);
		expect(stateText(loadDocumentState(document.id).state)).toBe('Voir @Former member');
	});
});

describe('a mention of the person that comes back after the deletion', () => {
	it('is erased once edits settle (an offline copy synced late) and at load', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock, searchIndexIdleMs: 2000 });
		const { bruno, alice, company, document } = await colleagues();
		expect(deleteAccount(alice.user.id).ok).toBe(true);

		// Typed while offline, before she left; synced now.
		const client = connect(harness, document.id, bruno);
		await synced(client);
		client.doc
			.getXmlFragment(CONTENT_FRAGMENT)
			.insert(0, [element('paragraph', {}, [mentionOf(alice.user.id, alice.user.name)])]);
		await roundTrip(client);
		clock.advance(2000);
		await until(client.doc, (doc) => documentText(doc) === '@Former member');
		expect(storedBytes(document.id)).not.toContain('Alice');
		expect(find(company.id, bruno.user.id, 'Alice')).toEqual([]);

		// Written to storage by another way (here, directly): erased when the document loads.
		const other = createDocument(
			company.id,
			{ userId: bruno.user.id, role: 'owner' },
			{ title: 'Notes', kind: 'blank' }
		);
		const writer = new Y.Doc();
		writer
			.getXmlFragment(CONTENT_FRAGMENT)
			.insert(0, [element('paragraph', {}, [mentionOf(alice.user.id, alice.user.name)])]);
		appendUpdates(other.id, [{ update: Y.encodeStateAsUpdate(writer), userId: bruno.user.id }]);
		const reader = connect(harness, other.id, bruno);
		await synced(reader);
		await until(reader.doc, (doc) => documentText(doc) === '@Former member');
		expect(storedBytes(other.id)).not.toContain('Alice');
	});
});

describe('a stand-up summary listing the person', () => {
	it('reads "Former member" where it named them', async () => {
		await start();
		const { bruno, alice, company } = await colleagues();
		const asBruno = { userId: bruno.user.id, role: 'owner' as const };
		const created = createStandup(company.id, asBruno, standupInput({ name: 'Daily' }));
		if (!created.ok) throw new Error(created.reason);
		const monday = Date.parse('2026-01-12T08:00:00Z');
		const run = runForOccurrence(created.standup, { date: '2026-01-12', startsAt: monday });
		const detail = getStandup(company.id, created.standup.id)!;
		expect(roundCommand(detail, run.id, asBruno, 'start', monday + 1).ok).toBe(true);
		expect(roundCommand(detail, run.id, asBruno, 'end', monday + 2).ok).toBe(true);
		const summaryId = await writeSummary(detail, run.id, asBruno);
		const summaryText = () => stateText(loadDocumentState(summaryId!).state);
		expect(summaryText()).toContain(`${alice.user.name} (absent)`);

		expect(deleteAccount(alice.user.id).ok).toBe(true);

		expect(summaryText()).toContain('Former member (absent)');
		expect(summaryText()).toContain(`${bruno.user.name} (absent)`);
		expect(storedBytes(summaryId!)).not.toContain('Alice');
	});
});

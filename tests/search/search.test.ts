// The search index and query: text read from a real Y.Doc, accents folded, prefixes, hostile
// input, one row per document kept current by the document functions, and nothing of another
// company, of an archived or deleted document, or of a room one was not invited to.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { useTempDatabase } from '../helpers/temp-db';
import {
	actingAs,
	addMember,
	createTeam,
	makeCompany,
	makeHouse,
	makeUser
} from '../helpers/factories';
import { createStandup, type StandupInput } from '../../src/lib/server/standups/standups';
import {
	createDocument,
	deleteDocument,
	renameDocument,
	setDocumentArchived
} from '../../src/lib/server/documents/documents';
import { appendUpdates } from '../../src/lib/server/documents/store';
import {
	bulletList,
	contentUpdate,
	element,
	heading,
	paragraph,
	taskList
} from '../../src/lib/server/documents/yjs-nodes';
import { CONTENT_FRAGMENT } from '../../src/lib/server/documents/live';
import { documentText } from '../../src/lib/server/search/document-text';
import {
	alignIndex,
	backfillDocuments,
	documentsToBackfill,
	indexDocumentBody
} from '../../src/lib/server/search/document-index';
import { matchExpression, searchCompany } from '../../src/lib/server/search/query';
import { createMeetingRoom } from '../../src/lib/server/video/rooms';

const { db } = useTempDatabase();

const options = { limit: 10, allHandsLabel: 'All hands' };
const search = (companyId: string, userId: string, input: string) =>
	searchCompany(companyId, userId, input, options);
const standup = (name: string): StandupInput => ({
	name,
	audience: 'everyone',
	houseIds: [],
	userIds: [],
	days: [1],
	time: '09:30',
	timeZone: 'Europe/Paris',
	questions: ['Hier ?'],
	speakerSeconds: 60,
	runners: 'managers',
	opensMinutesBefore: 60
});
const rowsOf = (documentId: string) =>
	db().$client.prepare('select * from document_search where document_id = ?').all(documentId);

describe('document text', () => {
	it('reads every block of a real Y.Doc as a line, without marks, with mentions', () => {
		const doc = new Y.Doc();
		const bold = new Y.XmlText();
		bold.insert(0, 'Point ');
		bold.insert(6, "d'équipe", { bold: true });
		const mention = element('mention', { id: 'u1', label: 'Zoé' }, []);
		const withMention = element('paragraph', {}, [new Y.XmlText('Demander à '), mention]);
		doc
			.getXmlFragment(CONTENT_FRAGMENT)
			.insert(0, [
				heading(1, 'Réunion'),
				element('paragraph', {}, [bold]),
				paragraph(),
				bulletList(['café', 'thé']),
				taskList([{ text: 'Réserver la salle', checked: true }]),
				withMention
			]);
		expect(documentText(doc)).toBe(
			"Réunion\nPoint d'équipe\ncafé\nthé\nRéserver la salle\nDemander à @Zoé"
		);
	});
});

describe('match expression', () => {
	it('quotes every word, prefixes the last one being typed', () => {
		expect(matchExpression('equipe reu')).toBe('"equipe" "reu"*');
		expect(matchExpression('equipe ')).toBe('"equipe"');
		expect(matchExpression('e')).toBe('"e"');
		expect(matchExpression('  "*:() ')).toBeNull();
	});
});

describe('searching documents', () => {
	it('finds titles and text accent-folded, case-insensitive and by prefix, with a snippet', async () => {
		const team = await createTeam();
		const doc = createDocument(team.company.id, team.asOwner, {
			title: 'Réunion du lundi',
			kind: 'blank'
		});
		indexDocumentBody(doc.id, "Ordre du jour\nL'équipe prépare le séminaire de printemps");

		const byTitle = search(team.company.id, team.member.id, 'REUNION');
		expect(byTitle.documents.map((hit) => hit.id)).toEqual([doc.id]);

		const byText = search(team.company.id, team.member.id, 'equipe');
		expect(byText.documents).toHaveLength(1);
		const hit = byText.documents[0];
		expect(hit.find).toBe('équipe');
		expect(hit.snippet.filter((part) => part.hit).map((part) => part.text)).toEqual(['équipe']);
		expect(hit.snippet.map((part) => part.text).join('')).toContain('prépare le séminaire');

		expect(search(team.company.id, team.member.id, 'semi').documents).toHaveLength(1);
		// A finished word is not a prefix any more.
		expect(search(team.company.id, team.member.id, 'semi ').documents).toHaveLength(0);
		// Every word must be there.
		expect(search(team.company.id, team.member.id, 'equipe hiver').documents).toHaveLength(0);
	});

	it('never throws on hostile input', async () => {
		const team = await createTeam();
		createDocument(team.company.id, team.asOwner, { title: 'title AND NEAR', kind: 'blank' });
		for (const input of [
			'"',
			'AND (',
			'title:*',
			'NEAR(a b)',
			'*',
			'a OR',
			'^x',
			'-x',
			'col:"x"',
			'l\'équipe"',
			'\u0002\u0003',
			'x'.repeat(5000)
		]) {
			expect(() => search(team.company.id, team.member.id, input), input).not.toThrow();
		}
		// Operators typed are words to look for.
		expect(search(team.company.id, team.member.id, 'title AND').documents).toHaveLength(1);
		expect(search(team.company.id, team.member.id, 'title:*').documents).toHaveLength(1);
	});

	it('keeps one row per document through rename, and drops archived and deleted ones', async () => {
		const team = await createTeam();
		const doc = createDocument(team.company.id, team.asOwner, { title: 'Budget', kind: 'blank' });
		indexDocumentBody(doc.id, 'les chiffres du trimestre');
		renameDocument(team.company.id, doc.id, 'Prévisions');
		indexDocumentBody(doc.id, 'les chiffres du semestre');
		expect(rowsOf(doc.id)).toHaveLength(1);
		expect(search(team.company.id, team.owner.id, 'budget').documents).toHaveLength(0);
		expect(search(team.company.id, team.owner.id, 'previsions').documents).toHaveLength(1);
		expect(search(team.company.id, team.owner.id, 'trimestre').documents).toHaveLength(0);
		expect(search(team.company.id, team.owner.id, 'semestre').documents).toHaveLength(1);

		setDocumentArchived(team.company.id, team.asOwner, doc.id, true);
		expect(search(team.company.id, team.owner.id, 'semestre').documents).toHaveLength(0);
		setDocumentArchived(team.company.id, team.asOwner, doc.id, false);
		expect(search(team.company.id, team.owner.id, 'semestre').documents).toHaveLength(1);

		expect(deleteDocument(team.company.id, team.asOwner, doc.id)).toEqual({ ok: true });
		expect(rowsOf(doc.id)).toHaveLength(0);
		expect(search(team.company.id, team.owner.id, 'semestre').documents).toHaveLength(0);
	});

	it("never returns another company's document with the same word", async () => {
		const a = await createTeam();
		const b = await createTeam();
		const mine = createDocument(a.company.id, a.asOwner, { title: 'Notes', kind: 'blank' });
		const theirs = createDocument(b.company.id, b.asOwner, { title: 'Notes', kind: 'blank' });
		indexDocumentBody(mine.id, 'confidentiel alpha');
		indexDocumentBody(theirs.id, 'confidentiel beta');
		expect(search(a.company.id, a.member.id, 'confidentiel').documents.map((h) => h.id)).toEqual([
			mine.id
		]);
		expect(search(b.company.id, b.member.id, 'confid').documents.map((h) => h.id)).toEqual([
			theirs.id
		]);
		expect(search(a.company.id, a.member.id, 'beta').documents).toHaveLength(0);
	});
});

describe('keeping the index complete', () => {
	it('backfills bodies from storage and renumbers rows the migration numbered', async () => {
		const team = await createTeam();
		const doc = createDocument(team.company.id, team.asOwner, { title: 'Plan', kind: 'blank' });
		appendUpdates(doc.id, [
			{ update: contentUpdate([paragraph('Déménagement à Lyon')]), userId: null }
		]);
		// As the migration left it: the title under a rowid of its own choosing, no body.
		db().$client.prepare('delete from document_search where document_id = ?').run(doc.id);
		db()
			.$client.prepare(
				`insert into document_search (rowid, title, body, document_id, company_id)
				 values (987654, 'Plan', '', ?, ?)`
			)
			.run(doc.id, team.company.id);
		expect(search(team.company.id, team.owner.id, 'plan').documents).toHaveLength(0);

		alignIndex();
		expect(search(team.company.id, team.owner.id, 'plan').documents).toHaveLength(1);
		expect(documentsToBackfill(100)).toContain(doc.id);
		backfillDocuments(documentsToBackfill(100));
		expect(documentsToBackfill(100)).not.toContain(doc.id);
		expect(rowsOf(doc.id)).toHaveLength(1);
		expect(search(team.company.id, team.owner.id, 'demenagement lyon').documents).toHaveLength(1);
	});
});

describe('people, houses, rooms and stand-ups', () => {
	it('finds what the member may see, accent-folded, and hides invited-only rooms', async () => {
		const team = await createTeam();
		const zoe = await makeUser('Zoé Lefèvre');
		addMember(team.company, team.owner, zoe, 'member');
		const otherOwner = await makeUser('Zoé Ailleurs');
		const other = makeCompany(otherOwner);
		makeHouse(other, otherOwner, { name: 'Maison Sévigné bis', commune: 'Rennes' });
		createStandup(other.id, actingAs(otherOwner, 'owner'), standup('Rétro ailleurs'));
		makeHouse(team.company, team.owner, { name: 'Maison Sévigné', commune: 'Vitré' });
		createStandup(team.company.id, team.asOwner, standup('Rétro hebdo'));
		createMeetingRoom(team.company.id, team.asOwner, {
			name: 'Café secret',
			description: '',
			access: 'invited',
			invitees: [zoe.id]
		});
		createMeetingRoom(team.company.id, team.asOwner, {
			name: 'Café ouvert',
			description: '',
			access: 'everyone',
			invitees: []
		});

		const people = search(team.company.id, team.member.id, 'zoe');
		// Only this company's Zoé, not the other company's owner.
		expect(people.people.map((p) => p.id)).toEqual([zoe.id]);
		expect(search(team.company.id, team.member.id, 'sevigne').houses.map((h) => h.name)).toEqual([
			'Maison Sévigné'
		]);
		expect(search(team.company.id, team.member.id, 'vitre').houses).toHaveLength(1);
		expect(search(team.company.id, team.member.id, 'cafe').rooms.map((r) => r.name)).toEqual([
			'Café ouvert'
		]);
		expect(
			search(team.company.id, zoe.id, 'cafe')
				.rooms.map((r) => r.name)
				.sort()
		).toEqual(['Café ouvert', 'Café secret']);
		expect(search(team.company.id, team.member.id, 'retro').standups.map((r) => r.name)).toEqual([
			'Rétro hebdo'
		]);
		expect(search(team.company.id, team.member.id, 'all ha').rooms.map((r) => r.kind)).toEqual([
			'all_hands'
		]);
	});
});

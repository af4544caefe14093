// A deleted account's name leaves a document's content: a mention of them reads the wording and
// refers to no one, and a stand-up summary reads as if it had been written after they left —
// while the same letters elsewhere (another person's mention, an answer's words) stay.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { element, paragraph } from '../../src/lib/server/documents/yjs-nodes';
import { CONTENT_FRAGMENT } from '../../src/lib/server/documents/live';
import {
	erasedState,
	erasePerson,
	type PersonErasure
} from '../../src/lib/server/documents/person-erasure';
import { documentText, stateText } from '../../src/lib/server/search/document-text';
import {
	summaryBlocks,
	summaryUpdate,
	type SummaryData
} from '../../src/lib/server/standups/summary';

const ALICE = 'aliceid0000000000000000';
const BRUNO = 'brunoid0000000000000000';

const erasure = (overrides: Partial<PersonErasure> = {}): PersonErasure => ({
	userId: ALICE,
	mentionLabel: 'Former member',
	summaryNames: [],
	summaryLabels: { person: 'Former member', owner: 'a former member' },
	...overrides
});

function docWith(...nodes: Y.XmlElement[]): Y.Doc {
	const doc = new Y.Doc();
	doc.getXmlFragment(CONTENT_FRAGMENT).insert(0, nodes);
	return doc;
}

const mention = (id: string, label: string) => element('mention', { id, label }, []);

describe('erasePerson on mentions', () => {
	it('turns each mention of the person into the wording, without their id, and leaves others', () => {
		const line = element('paragraph', {}, [
			new Y.XmlText('Ask '),
			mention(ALICE, 'Alice Vernet'),
			new Y.XmlText(' and '),
			mention(BRUNO, 'Bruno Marty')
		]);
		// An older name of hers, from before she renamed herself, goes too: found by the id.
		const task = element('taskList', {}, [
			element('taskItem', { checked: false }, [
				element('paragraph', {}, [mention(ALICE, 'Alice V.'), new Y.XmlText(' checks')])
			])
		]);
		const doc = docWith(line, task);

		expect(erasePerson(doc, erasure())).toBe(true);

		expect(documentText(doc)).toBe('Ask @Former member and @Bruno Marty\n@Former member checks');
		const mentions: Array<Record<string, unknown>> = [];
		const walk = (node: Y.XmlElement | Y.XmlFragment) => {
			for (const child of node.toArray()) {
				if (!(child instanceof Y.XmlElement)) continue;
				if (child.nodeName === 'mention') mentions.push(child.getAttributes());
				else walk(child);
			}
		};
		walk(doc.getXmlFragment(CONTENT_FRAGMENT));
		expect(mentions).toEqual([
			{ label: 'Former member' },
			{ id: BRUNO, label: 'Bruno Marty' },
			{ label: 'Former member' }
		]);
		// Done once: nothing left to change.
		expect(erasePerson(doc, erasure())).toBe(false);
	});

	it('gives a stored state back without the old label in its bytes, or null when it names no one', () => {
		const doc = docWith(element('paragraph', {}, [mention(ALICE, 'Alice Vernet')]));
		const state = Y.encodeStateAsUpdate(doc);
		expect(Buffer.from(state).toString('utf8')).toContain('Alice Vernet');

		const erased = erasedState(state, erasure());
		expect(erased).not.toBeNull();
		expect(Buffer.from(erased!).toString('utf8')).not.toMatch(/Alice Vernet|aliceid/);
		expect(stateText(erased!)).toBe('@Former member');
		expect(erasedState(erased!, erasure())).toBeNull();
	});

	it('re-encodes a merged state whose deleted mention still holds the name when told to', () => {
		const doc = docWith(paragraph('Plan'));
		const updates: Uint8Array[] = [Y.encodeStateAsUpdate(doc)];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const line = element('paragraph', {}, [mention(ALICE, 'Alice Vernet')]);
		doc.getXmlFragment(CONTENT_FRAGMENT).insert(1, [line]);
		doc.getXmlFragment(CONTENT_FRAGMENT).delete(1, 1);
		// What a compaction of the log by merging writes: the deleted mention's content stays.
		const merged = Y.mergeUpdates(updates);
		expect(Buffer.from(merged).toString('utf8')).toContain('Alice Vernet');

		expect(erasedState(merged, erasure())).toBeNull();
		const rewritten = erasedState(merged, erasure(), true);
		expect(Buffer.from(rewritten!).toString('utf8')).not.toContain('Alice');
		expect(stateText(rewritten!)).toBe('Plan');
	});
});

describe('erasePerson on a stand-up summary', () => {
	const data = (alice: string, aliceOwner: string | null): SummaryData => ({
		standupName: 'Daily',
		date: '2026-01-12',
		held: true,
		houses: [
			{
				houseName: 'Maison Murat',
				people: [
					{
						userId: BRUNO,
						name: 'Bruno Marty',
						attended: true,
						late: false,
						// Her name in a colleague's own words stays theirs.
						answers: [{ question: 'Yesterday?', text: 'Paired with Alice Vernet on the quote' }],
						draft: false
					},
					{ userId: ALICE, name: alice, attended: false, late: false, answers: null, draft: true }
				]
			},
			{
				houseName: null,
				people: [
					{ userId: ALICE, name: alice, attended: true, late: true, answers: null, draft: false }
				]
			}
		],
		blockers: [
			{ text: 'Printer jammed', ownerName: aliceOwner, state: 'open', carriedOverFrom: null },
			{ text: 'Quote late', ownerName: 'Bruno Marty', state: 'resolved', carriedOverFrom: null }
		]
	});

	for (const locale of ['en', 'fr'] as const) {
		it(`reads as a summary written after she left (${locale})`, () => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, summaryUpdate(summaryBlocks(data('Alice Vernet', 'Alice V.'), locale)));
			const labels =
				locale === 'en'
					? { person: 'Former member', owner: 'a former member' }
					: { person: 'Ancien membre', owner: 'un ancien membre' };

			expect(
				erasePerson(
					doc,
					erasure({ summaryNames: ['Alice Vernet', 'Alice V.'], summaryLabels: labels })
				)
			).toBe(true);

			const fresh = documentText(
				(() => {
					const after = new Y.Doc();
					Y.applyUpdate(after, summaryUpdate(summaryBlocks(data('', null), locale)));
					return after;
				})()
			);
			expect(documentText(doc)).toBe(fresh);
			expect(documentText(doc)).toContain('Paired with Alice Vernet on the quote');
		});
	}
});

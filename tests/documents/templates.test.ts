import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { templateNodes, templateUpdate } from '../../src/lib/server/documents/templates';
import { documentTree, type ExportNode } from '../../src/lib/server/documents/export';

/** A compact picture of the tree: node names with their attributes and text. */
function outline(nodes: ExportNode[]): unknown[] {
	return nodes.map((node) =>
		node.type === 'text'
			? node.text
			: {
					[node.type]: outline(node.content),
					...(Object.keys(node.attrs).length ? { attrs: node.attrs } : {})
				}
	);
}

describe('templates', () => {
	it('leaves a blank document empty', () => {
		expect(templateNodes('blank', 'en')).toEqual([]);
		expect(templateUpdate('blank', 'en')).toBeNull();
	});

	it('builds a weekly plan of TipTap nodes: headings, paragraphs and a task list', () => {
		const update = templateUpdate('weekly_plan', 'en');
		expect(update).toBeInstanceOf(Uint8Array);
		const tree = outline(documentTree(update!));
		expect(tree).toEqual([
			{ heading: ['Goals for the week'], attrs: { level: 2 } },
			{ paragraph: ['What matters most this week, in a sentence or two.'] },
			{ heading: ['Tasks'], attrs: { level: 2 } },
			{
				taskList: [
					{
						taskItem: [{ paragraph: ['A task — @someone, due Friday'] }],
						attrs: { checked: false }
					},
					{ taskItem: [{ paragraph: ['Plan the week together'] }], attrs: { checked: true } }
				]
			},
			{ heading: ['Who works where'], attrs: { level: 2 } },
			{ bulletList: [{ listItem: [{ paragraph: ['Monday: …'] }] }] },
			{ heading: ['Notes'], attrs: { level: 2 } },
			{ paragraph: [] }
		]);
	});

	it('writes the content in the person’s language', () => {
		const tree = documentTree(templateUpdate('meeting_notes', 'fr')!);
		const headings = tree
			.filter((node) => node.type === 'heading')
			.map((node) => node.content.map((text) => text.text).join(''));
		expect(headings).toEqual(['Participants', 'Ordre du jour', 'Décisions', 'Actions à mener']);
	});

	it('ends every template with a paragraph and uses only node types the editor knows', () => {
		const known = new Set([
			'paragraph',
			'heading',
			'bulletList',
			'orderedList',
			'listItem',
			'taskList',
			'taskItem'
		]);
		const walk = (nodes: ExportNode[]): string[] =>
			nodes.flatMap((node) => (node.type === 'text' ? [] : [node.type, ...walk(node.content)]));
		for (const kind of ['weekly_plan', 'meeting_notes', 'standup_notes'] as const) {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, templateUpdate(kind, 'en')!);
			const fragment = doc.getXmlFragment('default');
			expect(fragment.length, kind).toBeGreaterThan(0);
			const last = fragment.get(fragment.length - 1) as Y.XmlElement;
			expect(last.nodeName, kind).toBe('paragraph');
			const tree = documentTree(Y.encodeStateAsUpdate(doc));
			for (const type of walk(tree)) expect(known.has(type), `${kind}: ${type}`).toBe(true);
		}
	});
});

// The Yjs tree TipTap's Collaboration extension reads: Y.XmlElement nodes named after the editor's
// schema (heading, paragraph, bulletList, listItem, taskList, taskItem…) holding Y.XmlText, in the
// 'default' fragment. Node attributes are stored with their real types (level: number,
// checked: boolean), as y-prosemirror writes them. Templates and stand-up summaries build their
// content from these.
import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from './live';

type Attrs = Record<string, string | number | boolean>;

export function element(name: string, attrs: Attrs, children: Array<Y.XmlElement | Y.XmlText>) {
	const node = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attrs)) {
		// Non-string attributes are what y-prosemirror stores; the typings only admit strings.
		node.setAttribute(key, value as unknown as string);
	}
	if (children.length > 0) node.insert(0, children);
	return node;
}

/** A paragraph; an empty one holds no text node, as the editor leaves it. */
export const paragraph = (text = '') => element('paragraph', {}, text ? [new Y.XmlText(text)] : []);

export const heading = (level: 1 | 2 | 3, text: string) =>
	element('heading', { level }, [new Y.XmlText(text)]);

export const bulletList = (items: string[]) =>
	element(
		'bulletList',
		{},
		items.map((item) => element('listItem', {}, [paragraph(item)]))
	);

export const taskList = (items: Array<{ text: string; checked?: boolean }>) =>
	element(
		'taskList',
		{},
		items.map((item) =>
			element('taskItem', { checked: item.checked ?? false }, [paragraph(item.text)])
		)
	);

/**
 * The nodes as one Yjs update for a new, empty document. Written by a throw-away Y.Doc: its client
 * id never edits again, so it cannot clash with the editors'.
 */
export function contentUpdate(nodes: Y.XmlElement[]): Uint8Array {
	const doc = new Y.Doc();
	doc.getXmlFragment(CONTENT_FRAGMENT).insert(0, nodes);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

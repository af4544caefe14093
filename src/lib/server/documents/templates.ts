// Initial content of documents created from a template, as the Yjs tree TipTap's Collaboration
// extension reads: Y.XmlElement nodes named after the editor's schema (heading, paragraph,
// bulletList, listItem, taskList, taskItem…) holding Y.XmlText, in the 'default' fragment.
// Node attributes are stored with their real types (level: number, checked: boolean), as
// y-prosemirror writes them.
import * as Y from 'yjs';
import { m } from '$lib/paraglide/messages';
import type { DocumentKind, Locale } from '../db/schema';
import { CONTENT_FRAGMENT } from './live';

type Attrs = Record<string, string | number | boolean>;

function element(name: string, attrs: Attrs, children: Array<Y.XmlElement | Y.XmlText>) {
	const node = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attrs)) {
		// Non-string attributes are what y-prosemirror stores; the typings only admit strings.
		node.setAttribute(key, value as unknown as string);
	}
	if (children.length > 0) node.insert(0, children);
	return node;
}

const paragraph = (text = '') => element('paragraph', {}, text ? [new Y.XmlText(text)] : []);
const heading = (level: 1 | 2 | 3, text: string) =>
	element('heading', { level }, [new Y.XmlText(text)]);
const bulletList = (items: string[]) =>
	element(
		'bulletList',
		{},
		items.map((item) => element('listItem', {}, [paragraph(item)]))
	);
const taskList = (items: Array<{ text: string; checked?: boolean }>) =>
	element(
		'taskList',
		{},
		items.map((item) =>
			element('taskItem', { checked: item.checked ?? false }, [paragraph(item.text)])
		)
	);

/** The template's top-level nodes, in the person's language; none for a blank document. */
export function templateNodes(kind: DocumentKind, locale: Locale): Y.XmlElement[] {
	const t = { locale };
	switch (kind) {
		case 'blank':
			return [];
		case 'weekly_plan':
			return [
				heading(2, m.documents_tpl_week_goals({}, t)),
				paragraph(m.documents_tpl_week_goals_text({}, t)),
				heading(2, m.documents_tpl_week_tasks({}, t)),
				taskList([
					{ text: m.documents_tpl_week_task_example({}, t) },
					{ text: m.documents_tpl_week_task_done({}, t), checked: true }
				]),
				heading(2, m.documents_tpl_week_where({}, t)),
				bulletList([m.documents_tpl_week_where_example({}, t)]),
				heading(2, m.documents_tpl_notes({}, t)),
				paragraph()
			];
		case 'meeting_notes':
			return [
				heading(2, m.documents_tpl_meeting_attendees({}, t)),
				paragraph(),
				heading(2, m.documents_tpl_meeting_agenda({}, t)),
				element('orderedList', { start: 1 }, [element('listItem', {}, [paragraph()])]),
				heading(2, m.documents_tpl_meeting_decisions({}, t)),
				bulletList(['']),
				heading(2, m.documents_tpl_meeting_actions({}, t)),
				taskList([{ text: m.documents_tpl_week_task_example({}, t) }]),
				paragraph()
			];
		case 'standup_notes':
			return [
				heading(2, m.documents_tpl_standup_yesterday({}, t)),
				bulletList(['']),
				heading(2, m.documents_tpl_standup_today({}, t)),
				bulletList(['']),
				heading(2, m.documents_tpl_standup_blockers({}, t)),
				bulletList(['']),
				heading(2, m.documents_tpl_standup_followups({}, t)),
				taskList([{ text: '' }]),
				paragraph()
			];
	}
}

/**
 * The template as one Yjs update for a new, empty document, or null for a blank one. Written by a
 * throw-away Y.Doc: its client id never edits again, so it cannot clash with the editors'.
 */
export function templateUpdate(kind: DocumentKind, locale: Locale): Uint8Array | null {
	const nodes = templateNodes(kind, locale);
	if (nodes.length === 0) return null;
	const doc = new Y.Doc();
	doc.getXmlFragment(CONTENT_FRAGMENT).insert(0, nodes);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

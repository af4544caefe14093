// Initial content of documents created from a template, built from the Yjs nodes of ./yjs-nodes.
import type * as Y from 'yjs';
import { m } from '$lib/paraglide/messages';
import type { DocumentKind, Locale } from '../db/schema';
import { bulletList, contentUpdate, element, heading, paragraph, taskList } from './yjs-nodes';

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

/** The template as one Yjs update for a new, empty document, or null for a blank one. */
export function templateUpdate(kind: DocumentKind, locale: Locale): Uint8Array | null {
	const nodes = templateNodes(kind, locale);
	if (nodes.length === 0) return null;
	return contentUpdate(nodes);
}

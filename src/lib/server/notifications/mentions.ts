// "@name" mentions: the editor stores one as an inline `mention` node whose `id` attribute is the
// person's user id (TipTap's Mention extension). The collaboration server compares who a document
// mentions before and after edits, and notifies the people newly mentioned.
import { and, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { getDb } from '../db';
import { companies, documents, memberships } from '../db/schema';
import { CONTENT_FRAGMENT } from '../documents/live';
import { elementText } from '../search/document-text';
import { notifyAll } from './notifications';

/** A mention found in a document: the task it assigns (or null), and who wrote it if known. */
export interface FoundMention {
	task: string | null;
	authorId: string | null;
	/**
	 * Every task that mentions the person, by its task item's Yjs id (the same while its text is
	 * edited), with the task's text and the mention's author: a second task given to someone
	 * already holding one is news too.
	 */
	tasks?: ReadonlyMap<string, { task: string; authorId: string | null }>;
}

/**
 * The user ids a document mentions, each with the text of the task it is in (a mention inside a
 * task item assigns that task: the editor offers "@" in task items for that), or null, and its
 * author: `authorOf` names the account behind the Yjs client that created the mention node (two
 * people typing at once each wrote their own mentions, whoever edited last).
 */
export function documentMentions(
	doc: Y.Doc,
	authorOf: (client: number) => string | null = () => null
): Map<string, FoundMention> {
	const found = new Map<string, FoundMention>();
	const tasksOf = new Map<string, Map<string, { task: string; authorId: string | null }>>();
	const walk = (parent: Y.XmlFragment | Y.XmlElement, task: Y.XmlElement | null) => {
		for (const child of parent.toArray()) {
			if (!(child instanceof Y.XmlElement)) continue;
			if (child.nodeName === 'mention') {
				const id = child.getAttribute('id');
				if (typeof id !== 'string' || id === '') continue;
				const client = child._item?.id.client;
				const authorId = client === undefined ? null : authorOf(client);
				const text = task ? taskText(task) : null;
				if (!found.get(id)?.task) found.set(id, { task: text, authorId });
				const item = task?._item?.id;
				if (text !== null && item) {
					const tasks = tasksOf.get(id) ?? new Map();
					const key = `${item.client}:${item.clock}`;
					if (!tasks.has(key)) tasks.set(key, { task: text, authorId });
					tasksOf.set(id, tasks);
				}
			} else walk(child, child.nodeName === 'taskItem' ? child : task);
		}
	};
	walk(doc.getXmlFragment(CONTENT_FRAGMENT), null);
	for (const [id, tasks] of tasksOf) found.set(id, { ...found.get(id)!, tasks });
	return found;
}

/** A task's own line (its first paragraph), mentions included, for the notification. */
function taskText(task: Y.XmlElement): string {
	const first = task.toArray().find((node) => node instanceof Y.XmlElement);
	return first instanceof Y.XmlElement ? elementText(first) : '';
}

/**
 * A task of `found` that `earlier` did not give the person, or null. A task moved in the list is
 * written anew (another id), its text the same: not news.
 */
function newTask(earlier: FoundMention, found: FoundMention): FoundMention | null {
	const held = new Set([...(earlier.tasks?.values() ?? [])].map((known) => known.task));
	if (earlier.task !== null) held.add(earlier.task);
	for (const [key, task] of found.tasks ?? []) {
		if (!earlier.tasks?.has(key) && !held.has(task.task)) return task;
	}
	return null;
}

/**
 * Notifies the people mentioned in `after` but not in `before`, who may read the document (members
 * of its company: an id pasted from elsewhere reaches nobody), each from the mention's author,
 * except someone who mentioned themselves.
 * `stamp` names the edit (the last stored update's id), so the same edit never notifies twice.
 */
export function notifyNewMentions(
	documentId: string,
	before: ReadonlyMap<string, FoundMention>,
	after: ReadonlyMap<string, FoundMention>,
	stamp: number
): string[] {
	// Newly mentioned, or newly given a task (mentioned before in a note, now in a task, or in
	// another task than those they held): the new task is the one said.
	const added = [...after].flatMap(([id, found]): Array<[string, FoundMention]> => {
		const earlier = before.get(id);
		const news = earlier ? newTask(earlier, found) : found;
		return news && news.authorId !== id ? [[id, news]] : [];
	});
	if (added.length === 0) return [];
	const db = getDb();
	const document = db
		.select({ title: documents.title, companyId: documents.companyId, slug: companies.slug })
		.from(documents)
		.innerJoin(companies, eq(companies.id, documents.companyId))
		.where(eq(documents.id, documentId))
		.get();
	if (!document) return [];
	const readers = new Set(
		db
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(
				and(
					eq(memberships.companyId, document.companyId),
					inArray(
						memberships.userId,
						added.map(([id]) => id)
					)
				)
			)
			.all()
			.map((row) => row.userId)
	);
	if (readers.size === 0) return [];
	const event = {
		companyId: document.companyId,
		link: `/${document.slug}/documents/${documentId}`,
		dedupeKey: `mention:${documentId}:${stamp}`
	};
	const payload = { title: document.title };
	// All at once: a mention of ten people is not ten rounds of queries.
	return notifyAll(
		added
			.filter(([id]) => readers.has(id))
			.map(([id, { task, authorId }]) =>
				task === null
					? {
							userIds: [id],
							kind: 'mention' as const,
							event: { ...event, actorId: authorId, payload }
						}
					: {
							userIds: [id],
							kind: 'task_assigned' as const,
							event: { ...event, actorId: authorId, payload: { ...payload, task } }
						}
			)
	);
}

// "@name" mentions: the editor stores one as an inline `mention` node whose `id` attribute is the
// person's user id (TipTap's Mention extension). The collaboration server compares who a document
// mentions before and after edits, and notifies the people newly mentioned.
import { and, eq, inArray, ne } from 'drizzle-orm';
import * as Y from 'yjs';
import { getDb } from '../db';
import { companies, documents, memberships, users } from '../db/schema';
import { CONTENT_FRAGMENT } from '../documents/live';
import { notify } from './notifications';

/** The user ids a document mentions. */
export function documentMentions(doc: Y.Doc): Set<string> {
	const found = new Set<string>();
	const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
		for (const child of parent.toArray()) {
			if (!(child instanceof Y.XmlElement)) continue;
			if (child.nodeName === 'mention') {
				const id = child.getAttribute('id');
				if (typeof id === 'string' && id !== '') found.add(id);
			} else walk(child);
		}
	};
	walk(doc.getXmlFragment(CONTENT_FRAGMENT));
	return found;
}

/**
 * Notifies the people mentioned in `after` but not in `before`, who may read the document (members
 * of its company: an id pasted from elsewhere reaches nobody), except the author of the edit.
 * `stamp` names the edit (the last stored update's id), so the same edit never notifies twice.
 */
export function notifyNewMentions(
	documentId: string,
	before: ReadonlySet<string>,
	after: ReadonlySet<string>,
	actorId: string | null,
	stamp: number
): string[] {
	const added = [...after].filter((id) => !before.has(id) && id !== actorId);
	if (added.length === 0) return [];
	const db = getDb();
	const document = db
		.select({ title: documents.title, companyId: documents.companyId, slug: companies.slug })
		.from(documents)
		.innerJoin(companies, eq(companies.id, documents.companyId))
		.where(eq(documents.id, documentId))
		.get();
	if (!document) return [];
	const readers = db
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(
			and(
				eq(memberships.companyId, document.companyId),
				inArray(memberships.userId, added),
				ne(memberships.userId, actorId ?? '')
			)
		)
		.all()
		.map((row) => row.userId);
	if (readers.length === 0) return [];
	const actor = actorId
		? db.select({ name: users.name }).from(users).where(eq(users.id, actorId)).get()
		: undefined;
	return notify(readers, 'mention', {
		companyId: document.companyId,
		payload: { actor: actor?.name ?? '', title: document.title },
		link: `/${document.slug}/documents/${documentId}`,
		dedupeKey: `mention:${documentId}:${stamp}`
	});
}

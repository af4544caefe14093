// A mention of a deleted account that comes back after the deletion took the others out: typed
// in an offline copy and synced later, or brought back by an editor's undo. The collaboration
// server asks when it compares a document's mentions (at load and when edits settle) and erases
// it as the deletion did (person-erasure.ts). Relative imports (no $lib): the collaboration
// server is built outside SvelteKit.
import { eq, inArray } from 'drizzle-orm';
import { m } from '../../paraglide/messages';
import { getDb } from '../db';
import { documents, users } from '../db/schema';
import type { PersonErasure } from './person-erasure';

/**
 * The erasures the document needs for the accounts among `mentionedIds` that no longer exist (an
 * id that was never anyone's, pasted, reads the same), in its author's language as at deletion.
 */
export function erasuresForGoneAccounts(
	documentId: string,
	mentionedIds: readonly string[]
): PersonErasure[] {
	if (mentionedIds.length === 0) return [];
	const db = getDb();
	const existing = new Set(
		db
			.select({ id: users.id })
			.from(users)
			.where(inArray(users.id, [...mentionedIds]))
			.all()
			.map((row) => row.id)
	);
	const gone = mentionedIds.filter((id) => !existing.has(id));
	if (gone.length === 0) return [];
	const author = db
		.select({ locale: users.locale })
		.from(documents)
		.innerJoin(users, eq(users.id, documents.createdBy))
		.where(eq(documents.id, documentId))
		.get();
	const mentionLabel = m.common_former_member_name({}, { locale: author?.locale ?? 'en' });
	return gone.map((userId) => ({
		userId,
		mentionLabel,
		summaryNames: [],
		summaryLabels: { person: '', owner: '' }
	}));
}

// What a browser keeps of the documents opened on it: each document's offline copy (y-indexeddb,
// `hameau-doc-<id>`) and the count of its changes the server has not confirmed storing yet
// (localStorage, kept by the editor's live-sync.ts). Signing out clears both (the logout answer's
// Clear-Site-Data); this is how the pages ask first, when that would lose changes.
import { m } from '$lib/paraglide/messages';

/** The IndexedDB database of a document's offline copy. */
export const copyName = (documentId: string) => `hameau-doc-${documentId}`;

const PENDING_PREFIX = 'hameau-doc-pending-';

/** The localStorage key of a document's count of unconfirmed changes. */
export const pendingKey = (documentId: string) => `${PENDING_PREFIX}${documentId}`;

/**
 * How many documents hold changes made on this browser that the server has not stored: made
 * offline and not opened since, they reach the server only when that document is opened again.
 */
export function documentsWithUnsavedChanges(): number {
	let count = 0;
	try {
		for (let index = 0; index < localStorage.length; index += 1) {
			const key = localStorage.key(index);
			if (key?.startsWith(PENDING_PREFIX) && Number(localStorage.getItem(key)) > 0) count += 1;
		}
	} catch {
		// Storage disabled: the editor then counts in memory only, and nothing outlives the page.
	}
	return count;
}

/**
 * Whether to go on with logging out: asks first when that would delete changes no server has
 * (a native dialog: the menu that starts it closes as it does, and the answer is needed now).
 */
export function mayLogOut(
	confirmLoss: (message: string) => boolean = (message) => window.confirm(message)
): boolean {
	const count = documentsWithUnsavedChanges();
	return count === 0 || confirmLoss(m.nav_logout_unsaved_documents({ count }));
}

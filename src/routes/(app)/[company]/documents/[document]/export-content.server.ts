import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { documentState } from '$lib/server/documents/live';
import { isQuarantineError, readingDocument } from '$lib/server/documents/quarantine';

/**
 * The document's content rendered by `render` (Markdown, HTML). A document whose content cannot
 * be read, or whose rendering throws, is quarantined like one the collaboration server cannot
 * encode, and the export answers 409 with the notice its page shows.
 */
export async function exportedContent<T>(
	documentId: string,
	render: (state: Uint8Array) => T
): Promise<T> {
	try {
		const state = await documentState(documentId);
		return readingDocument(documentId, 'export', () => render(state));
	} catch (cause) {
		if (isQuarantineError(cause)) error(409, m.trust_collab_unreadable_notice());
		throw cause;
	}
}

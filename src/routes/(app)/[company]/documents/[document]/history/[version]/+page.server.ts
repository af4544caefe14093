import { error } from '@sveltejs/kit';
import { documentBodyHtml } from '$lib/server/documents/export';
import { getVersion } from '$lib/server/documents/store';
import { requireDocument } from '../../require-document.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { document } = requireDocument(event);
	const version = getVersion(document.id, event.params.version);
	if (!version) error(404, 'Not Found');
	return {
		document: { id: document.id, title: document.title, archived: document.archivedAt !== null },
		version: {
			id: version.id,
			kind: version.kind,
			name: version.name,
			createdAt: version.createdAt,
			// Built by our exporter, which escapes every text and attribute it writes and keeps a
			// link's address only when safeLinkHref allows it (no javascript:, however disguised).
			html: documentBodyHtml(version.state)
		}
	};
};

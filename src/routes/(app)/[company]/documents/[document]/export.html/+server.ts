import { attachmentHeader, documentHtml, exportFileName } from '$lib/server/documents/export';
import { exportedContent } from '../export-content.server';
import { requireDocument } from '../require-document.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { document } = requireDocument(event);
	// In the authors' language, not the reader's: the page has no words of Hameau's own.
	const html = await exportedContent(document.id, (state) => documentHtml(document.title, state));
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-disposition': attachmentHeader(exportFileName(document.title, 'html')),
			'cache-control': 'private, no-store'
		}
	});
};

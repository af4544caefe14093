import { getLocale } from '$lib/paraglide/runtime';
import { attachmentHeader, documentHtml, exportFileName } from '$lib/server/documents/export';
import { documentState } from '$lib/server/documents/live';
import { requireDocument } from '../require-document.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { document } = requireDocument(event);
	const html = documentHtml(document.title, await documentState(document.id), getLocale());
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-disposition': attachmentHeader(exportFileName(document.title, 'html')),
			'cache-control': 'private, no-store'
		}
	});
};

import { documentMarkdown, attachmentHeader, exportFileName } from '$lib/server/documents/export';
import { documentState } from '$lib/server/documents/live';
import { requireDocument } from '../require-document.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { document } = requireDocument(event);
	const markdown = documentMarkdown(document.title, await documentState(document.id));
	return new Response(markdown, {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': attachmentHeader(exportFileName(document.title, 'md')),
			'cache-control': 'private, no-store'
		}
	});
};

import { documentMarkdown, attachmentHeader, exportFileName } from '$lib/server/documents/export';
import { exportedContent } from '../export-content.server';
import { requireDocument } from '../require-document.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { document } = requireDocument(event);
	const markdown = await exportedContent(document.id, (state) =>
		documentMarkdown(document.title, state)
	);
	return new Response(markdown, {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': attachmentHeader(exportFileName(document.title, 'md')),
			'cache-control': 'private, no-store'
		}
	});
};

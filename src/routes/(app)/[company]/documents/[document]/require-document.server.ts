import { error, type RequestEvent } from '@sveltejs/kit';
import { requireCompany } from '$lib/server/companies/access';
import { getCompanyDocument } from '$lib/server/documents/documents';

type DocumentEvent = Pick<
	RequestEvent<{ company: string; document: string }>,
	'locals' | 'url' | 'params'
>;

/** The company access and the document, or 404 when the document is not one of the company's. */
export function requireDocument(event: DocumentEvent) {
	const access = requireCompany(event);
	const document = getCompanyDocument(access.company.id, event.params.document);
	if (!document) error(404, 'Not Found');
	return { access, document };
}

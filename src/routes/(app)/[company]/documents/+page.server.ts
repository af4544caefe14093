import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireCompany } from '$lib/server/companies/access';
import { documentKinds } from '$lib/vocabulary';
import {
	canDeleteDocument,
	createDocument,
	deleteDocument,
	DOCUMENT_TITLE_MAX,
	documentSorts,
	getCompanyDocument,
	listDocuments,
	renameDocument,
	setDocumentArchived,
	type DocumentSort
} from '$lib/server/documents/documents';
import { applyServerUpdate } from '$lib/server/documents/live';
import { templateUpdate } from '$lib/server/documents/templates';
import { parseForm } from '$lib/server/forms';
import { isConfirmed } from '$lib/forms/confirm';
import { logger } from '$lib/server/logger';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = (event) => {
	const access = requireCompany(event);
	const search = (event.url.searchParams.get('q') ?? '').slice(0, DOCUMENT_TITLE_MAX);
	const sortParam = event.url.searchParams.get('sort');
	const sort: DocumentSort = documentSorts.find((s) => s === sortParam) ?? 'edited';
	const rows = listDocuments(access.company.id, { search, sort }).map((document) => ({
		id: document.id,
		title: document.title,
		kind: document.kind,
		archived: document.archivedAt !== null,
		createdAt: document.createdAt,
		editedAt: document.editedAt,
		lastEditorName: document.lastEditorName,
		canDelete: canDeleteDocument(access, document)
	}));
	return {
		search,
		sort,
		documents: rows.filter((document) => !document.archived),
		archivedDocuments: rows.filter((document) => document.archived)
	};
};

const titleField = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.error_required()),
	v.maxLength(DOCUMENT_TITLE_MAX, () => m.error_too_long({ max: DOCUMENT_TITLE_MAX }))
);
const idField = v.pipe(
	v.string(),
	v.nonEmpty(() => m.documents_error_not_found()),
	v.maxLength(100, () => m.documents_error_not_found())
);
const createSchema = v.object({
	title: titleField,
	kind: v.picklist(documentKinds, () => m.documents_kind_invalid())
});
const renameSchema = v.object({ id: idField, title: titleField });
const idSchema = v.object({ id: idField });

async function setArchived(event: RequestEvent, archived: boolean) {
	const action = archived ? ('archive' as const) : ('unarchive' as const);
	const access = requireCompany(event);
	const parsed = parseForm(idSchema, await event.request.formData());
	if (!parsed.ok) return fail(400, { action, id: null, error: parsed.errors.id });
	const document = getCompanyDocument(access.company.id, parsed.data.id);
	if (!document || !setDocumentArchived(access.company.id, access, document.id, archived)) {
		return fail(404, { action, id: parsed.data.id, error: m.documents_error_not_found() });
	}
	const success = archived
		? m.documents_archived_done({ title: document.title })
		: m.documents_unarchived_done({ title: document.title });
	return { action, id: document.id, success };
}

export const actions: Actions = {
	create: async (event) => {
		const access = requireCompany(event);
		const parsed = parseForm(createSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'create' as const, values: parsed.values, errors: parsed.errors });
		}
		const document = createDocument(access.company.id, access, parsed.data);
		const template = templateUpdate(document.kind, getLocale());
		if (template) {
			try {
				await applyServerUpdate(document.id, template, access.userId);
			} catch (error) {
				// The document exists and opens empty; the person can still write in it.
				logger().error({ err: error, documentId: document.id }, 'template not written');
			}
		}
		redirect(303, `/${access.company.slug}/documents/${document.id}`);
	},

	rename: async (event) => {
		const access = requireCompany(event);
		const parsed = parseForm(renameSchema, await event.request.formData());
		if (!parsed.ok) {
			const id = parsed.values.id ?? null;
			// No document to name: said above the list, as when it is gone.
			if (parsed.errors.id) {
				return fail(400, { action: 'rename' as const, id, error: parsed.errors.id });
			}
			// Said under the row's title field, with what was typed.
			return fail(400, {
				action: 'rename' as const,
				id,
				values: { title: parsed.values.title ?? '' },
				errors: { title: parsed.errors.title }
			});
		}
		if (!renameDocument(access.company.id, parsed.data.id, parsed.data.title)) {
			return fail(404, {
				action: 'rename' as const,
				id: parsed.data.id,
				error: m.documents_error_not_found()
			});
		}
		return { action: 'rename' as const, id: parsed.data.id, success: m.documents_renamed() };
	},

	archive: (event) => setArchived(event, true),

	unarchive: (event) => setArchived(event, false),

	delete: async (event) => {
		const access = requireCompany(event);
		const formData = await event.request.formData();
		const parsed = parseForm(idSchema, formData);
		if (!parsed.ok)
			return fail(400, { action: 'delete' as const, id: null, error: parsed.errors.id });
		const notFound = () =>
			fail(404, {
				action: 'delete' as const,
				id: parsed.data.id,
				error: m.documents_error_not_found()
			});
		const document = getCompanyDocument(access.company.id, parsed.data.id);
		if (!document) return notFound();
		// Not confirmed (no JavaScript, or clicked before the page came alive): ask in the page.
		if (!isConfirmed(formData)) {
			return { action: 'delete' as const, id: document.id, confirm: true, title: document.title };
		}
		const result = deleteDocument(access.company.id, access, document.id);
		if (!result.ok) {
			if (result.reason === 'not_found') return notFound();
			return fail(403, {
				action: 'delete' as const,
				id: document.id,
				error: m.documents_error_delete_not_allowed()
			});
		}
		return {
			action: 'delete' as const,
			id: parsed.data.id,
			success: m.documents_deleted({ title: document.title })
		};
	}
};

import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { listMembers } from '$lib/server/companies/members';
import { recordDocumentRestored } from '$lib/server/documents/documents';
import { createNamedVersion, restoreVersion } from '$lib/server/documents/live';
import { isQuarantineError } from '$lib/server/documents/quarantine';
import { getVersion, listVersions } from '$lib/server/documents/store';
import { parseForm } from '$lib/server/forms';
import { isConfirmed } from '$lib/forms/confirm';
import { requireDocument } from '../require-document.server';
import type { Actions, PageServerLoad } from './$types';

/** Longest version name, in characters. */
const VERSION_NAME_MAX = 120;

export const load: PageServerLoad = (event) => {
	const { access, document } = requireDocument(event);
	const names = new Map(
		listMembers(access.company.id).map((member) => [member.userId, member.name])
	);
	return {
		document: { id: document.id, title: document.title, archived: document.archivedAt !== null },
		versions: listVersions(document.id).map((version) => ({
			id: version.id,
			kind: version.kind,
			name: version.name,
			createdAt: version.createdAt,
			createdByName: version.createdBy ? (names.get(version.createdBy) ?? null) : null
		}))
	};
};

const saveSchema = v.object({
	name: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.error_required()),
		v.maxLength(VERSION_NAME_MAX, () => m.error_too_long({ max: VERSION_NAME_MAX }))
	)
});
const restoreSchema = v.object({
	versionId: v.pipe(
		v.string(),
		v.nonEmpty(() => m.documents_version_not_found()),
		v.maxLength(100, () => m.documents_version_not_found())
	)
});

export const actions: Actions = {
	save: async (event) => {
		const { access, document } = requireDocument(event);
		const parsed = parseForm(saveSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'save' as const, values: parsed.values, errors: parsed.errors });
		}
		try {
			await createNamedVersion(document.id, parsed.data.name, access.userId);
		} catch (cause) {
			if (!isQuarantineError(cause)) throw cause;
			return fail(409, {
				action: 'save' as const,
				values: parsed.data,
				error: m.trust_collab_unreadable_notice()
			});
		}
		return {
			action: 'save' as const,
			success: m.documents_version_saved({ name: parsed.data.name })
		};
	},

	restore: async (event) => {
		const { access, document } = requireDocument(event);
		const formData = await event.request.formData();
		const parsed = parseForm(restoreSchema, formData);
		if (!parsed.ok) {
			return fail(400, { action: 'restore' as const, error: parsed.errors.versionId });
		}
		if (document.archivedAt !== null) {
			return fail(409, { action: 'restore' as const, error: m.documents_version_archived() });
		}
		const version = getVersion(document.id, parsed.data.versionId);
		// Not confirmed (no JavaScript, or clicked before the page came alive): ask in the page.
		// A restore replaces everyone's content at once, as the dialog says.
		if (version && !isConfirmed(formData)) {
			return {
				action: 'restore' as const,
				confirm: true,
				versionId: version.id,
				name: version.name ?? m.documents_version_auto()
			};
		}
		let restored: boolean;
		try {
			restored = !!version && (await restoreVersion(document.id, version.id, access.userId));
		} catch (cause) {
			// Restoring writes over content the server cannot read: refused, the stored rows stay.
			if (!isQuarantineError(cause)) throw cause;
			return fail(409, { action: 'restore' as const, error: m.trust_collab_unreadable_notice() });
		}
		if (!version || !restored) {
			return fail(404, { action: 'restore' as const, error: m.documents_version_not_found() });
		}
		recordDocumentRestored(access.company.id, access, document, version.name);
		const name = version.name ?? m.documents_version_auto();
		return { action: 'restore' as const, success: m.documents_version_restored({ name }) };
	}
};

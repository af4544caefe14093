import { listMembers } from '$lib/server/companies/members';
import { isQuarantined } from '$lib/server/documents/quarantine';
import { requireDocument } from './require-document.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { access, document } = requireDocument(event);
	const members = listMembers(access.company.id);
	const self = members.find((member) => member.userId === access.userId);
	return {
		document: {
			id: document.id,
			title: document.title,
			kind: document.kind,
			archived: document.archivedAt !== null,
			// Its stored content could not be read in this process: no editor, a notice instead.
			unreadable: isQuarantined(document.id)
		},
		user: {
			id: access.userId,
			name: self?.name ?? '',
			house: self?.homeHouseName ?? null
		},
		members: members.map(({ userId, name }) => ({ id: userId, name }))
	};
};

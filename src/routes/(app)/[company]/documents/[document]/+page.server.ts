import { listMembers } from '$lib/server/companies/members';
import { isQuarantined } from '$lib/server/documents/quarantine';
import { requireDocument } from './require-document.server';
import type { PageServerLoad } from './$types';

// Dark enough for white label text on every one of them (WCAG AA at the caret label's size).
const CARET_COLORS = [
	'#b91c1c',
	'#c2410c',
	'#a16207',
	'#15803d',
	'#0f766e',
	'#0369a1',
	'#4338ca',
	'#7e22ce',
	'#be185d'
];

/** A colour that stays the same for a person from one visit to the next. */
function colorOf(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return CARET_COLORS[hash % CARET_COLORS.length];
}

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
			color: colorOf(access.userId),
			house: self?.homeHouseName ?? null
		},
		members: members.map(({ userId, name }) => ({ id: userId, name }))
	};
};

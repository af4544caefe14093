// How search results read and where they lead, shared by the header's box and the results page.
import { m } from '$lib/paraglide/messages';
import type { SearchResults, SnippetPart } from '$lib/server/search/query';

export type SearchItem = {
	/** Unique in the list (kind and id), for the listbox's option ids. */
	key: string;
	href: string;
	/** The name, or a document's title with its matched words. */
	label: SnippetPart[];
	detail: SnippetPart[];
};
export type SearchGroup = { kind: keyof SearchResults; title: string; items: SearchItem[] };

const plain = (text: string): SnippetPart[] => (text ? [{ text, hit: false }] : []);

/** The groups that have results, in a fixed order; `base` is the company's path. */
export function searchGroups(results: SearchResults, base: string): SearchGroup[] {
	const groups: SearchGroup[] = [
		{
			kind: 'documents',
			title: m.search_group_documents(),
			items: results.documents.map((hit) => ({
				key: `document-${hit.id}`,
				// Opens at the first matched word of the text (the page finds it once synced).
				href: `${base}/documents/${hit.id}${hit.find ? `?find=${encodeURIComponent(hit.find)}` : ''}`,
				label: hit.title,
				detail: hit.snippet.length > 0 ? hit.snippet : plain(m.search_title_only())
			}))
		},
		{
			kind: 'people',
			title: m.search_group_people(),
			items: results.people.map((hit) => ({
				key: `person-${hit.id}`,
				href: `${base}/members`,
				label: plain(hit.name),
				detail: []
			}))
		},
		{
			kind: 'houses',
			title: m.search_group_houses(),
			items: results.houses.map((hit) => ({
				key: `house-${hit.id}`,
				href: `${base}/houses/${hit.id}`,
				label: plain(hit.name),
				detail: plain(hit.detail ?? '')
			}))
		},
		{
			kind: 'rooms',
			title: m.search_group_rooms(),
			items: results.rooms.map((hit) => ({
				key: `room-${hit.id}`,
				href: `${base}/rooms/${hit.id}`,
				label: plain(hit.name),
				detail: []
			}))
		},
		{
			kind: 'standups',
			title: m.search_group_standups(),
			items: results.standups.map((hit) => ({
				key: `standup-${hit.id}`,
				href: `${base}/standups/${hit.id}`,
				label: plain(hit.name),
				detail: []
			}))
		}
	];
	return groups.filter((group) => group.items.length > 0);
}

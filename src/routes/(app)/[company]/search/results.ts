// How search results read and where they lead, shared by the header's box and the results page.
import { m } from '$lib/paraglide/messages';
import type { NamedHit, SearchResults, SnippetPart } from '$lib/server/search/query';

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

/** A group of things known by their name (and a detail, as a house's commune). */
function named(
	kind: Exclude<keyof SearchResults, 'documents'>,
	title: string,
	hits: NamedHit[],
	href: (id: string) => string
): SearchGroup {
	return {
		kind,
		title,
		items: hits.map((hit) => ({
			key: `${kind}-${hit.id}`,
			href: href(hit.id),
			label: plain(hit.name),
			detail: plain(hit.detail ?? '')
		}))
	};
}

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
		// At the person's row of the members page, not at the top of a list to read again.
		named(
			'people',
			m.search_group_people(),
			results.people,
			(id) => `${base}/members#member-${id}`
		),
		named('houses', m.search_group_houses(), results.houses, (id) => `${base}/houses/${id}`),
		named('rooms', m.search_group_rooms(), results.rooms, (id) => `${base}/rooms/${id}`),
		named('standups', m.search_group_standups(), results.standups, (id) => `${base}/standups/${id}`)
	];
	return groups.filter((group) => group.items.length > 0);
}

/**
 * What the results page says of a search: how many it found, that a kind listed to the page's
 * `limit` may have more, or that it found nothing; nothing before a search.
 */
export function searchSummary(groups: SearchGroup[], query: string, limit: number): string {
	if (!query) return '';
	const count = groups.reduce((sum, group) => sum + group.items.length, 0);
	if (count === 0) return m.search_no_results({ query });
	if (groups.some((group) => group.items.length >= limit)) {
		return m.search_page_count_capped({ count, query, limit });
	}
	return m.search_page_count({ count, query });
}

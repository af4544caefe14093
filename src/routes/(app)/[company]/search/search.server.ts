import type { RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import { searchCompany } from '$lib/server/search/query';

/** Longest query read, in characters: enough for a sentence, never a pasted page. */
const QUERY_MAX = 200;

/** The `q` parameter searched over what the member may see in the company (404 to non-members). */
export function searchFor(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>, limit: number) {
	const access = requireCompany(event);
	const query = (event.url.searchParams.get('q') ?? '').slice(0, QUERY_MAX);
	return {
		query,
		results: searchCompany(access.company.id, access.userId, query, {
			limit,
			allHandsLabel: m.video_room_all_hands()
		})
	};
}

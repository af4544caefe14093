import { json } from '@sveltejs/kit';
import { boardStandupCard } from '$lib/server/standups/views';
import { requireStandup } from '../require-standup.server';
import type { RequestHandler } from './$types';

// The stand-up's card as the reader's board shows it (null: not on their board now), so an open
// board refreshes one card on a stand-up event instead of reloading everything. 404 like the page.
export const GET: RequestHandler = (event) => {
	const { access, detail } = requireStandup(event);
	return json(
		{ card: boardStandupCard(detail, access.company.id, access.userId) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};

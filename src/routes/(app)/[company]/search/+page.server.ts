import { searchFor } from './search.server';
import type { PageServerLoad } from './$types';

/** The most results of each kind the page lists. */
const PAGE_LIMIT = 25;

export const load: PageServerLoad = (event) => ({
	...searchFor(event, PAGE_LIMIT),
	limit: PAGE_LIMIT
});

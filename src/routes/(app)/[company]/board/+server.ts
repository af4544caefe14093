import { error, json } from '@sveltejs/kit';
import { requireCompany } from '$lib/server/companies/access';
import { boardParts } from '$lib/server/presence/board';
import type { RequestHandler } from './$types';

/** More ids than a board ever asks for in one window is not a board asking. */
const MAX_PEOPLE = 200;
const ID = /^[a-z0-9]{1,64}$/;

// The parts of the board that live events said changed (`?people=<id>,<id>` their cards, `houses`
// the houses and their seats), so an open board refreshes those instead of reloading its whole
// data. Members only (404 otherwise, like the board); the same cards the board shows.
export const GET: RequestHandler = (event) => {
	const access = requireCompany(event);
	const people = (event.url.searchParams.get('people') ?? '').split(',').filter(Boolean);
	if (people.length > MAX_PEOPLE || !people.every((id) => ID.test(id))) error(400, 'Bad Request');
	const houses = event.url.searchParams.has('houses');
	return json(boardParts(access.company.id, { people: [...new Set(people)], houses }), {
		headers: { 'cache-control': 'no-store' }
	});
};

import { json } from '@sveltejs/kit';
import { searchFor } from '../search.server';
import type { RequestHandler } from './$types';

// The header's search as you type: a few results per kind, never cached (they follow edits).
export const GET: RequestHandler = (event) =>
	json(searchFor(event, 5), { headers: { 'cache-control': 'no-store' } });

import { searchFor } from './search.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => searchFor(event, 25);

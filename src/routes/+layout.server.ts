import { companiesOfUser } from '$lib/server/companies/companies';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? { id: locals.user.id, name: locals.user.name, email: locals.user.email }
		: null,
	companies: locals.user
		? companiesOfUser(locals.user.id).map(({ name, slug, role }) => ({ name, slug, role }))
		: []
});

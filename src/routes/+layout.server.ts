import { companiesOfUser } from '$lib/server/companies/companies';
import { operatorsOfUser } from '$lib/server/operators/operators';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? { id: locals.user.id, name: locals.user.name, email: locals.user.email }
		: null,
	companies: locals.user
		? companiesOfUser(locals.user.id).map(({ name, slug, role }) => ({ name, slug, role }))
		: [],
	/** Light, dark or null (the device's): the <html> class after a change, the toolbar colour. */
	theme: locals.user?.theme ?? null,
	/** The operators they help run, listed apart in the switcher ("Houses you run"). */
	operators: locals.user
		? operatorsOfUser(locals.user.id).map(({ name, slug }) => ({ name, slug }))
		: []
});

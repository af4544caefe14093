import { redirect } from '@sveltejs/kit';
import { companiesOfUser } from '$lib/server/companies/companies';
import { LAST_COMPANY_COOKIE } from '$lib/server/companies/last-company';
import { operatorsOfUser } from '$lib/server/operators/operators';
import type { PageServerLoad } from './$types';

// Signed in: straight to the company last opened, else the operator they run (someone who only
// runs houses, a commune officer say), else the list. Signed out: the welcome page.
export const load: PageServerLoad = ({ locals, cookies }) => {
	if (!locals.user) return {};
	const companies = companiesOfUser(locals.user.id);
	const last = cookies.get(LAST_COMPANY_COOKIE);
	const target = companies.find((c) => c.slug === last) ?? companies[0];
	if (target) redirect(303, `/${target.slug}`);
	const operator = operatorsOfUser(locals.user.id)[0];
	redirect(303, operator ? `/operators/${operator.slug}` : '/companies');
};

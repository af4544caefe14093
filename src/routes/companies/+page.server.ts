import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { nameField } from '$lib/server/auth/account-forms';
import { requireUser } from '$lib/server/auth/guard';
import { takeResetNotice } from '$lib/server/auth/reset-notice';
import { takeCompanyDeletedNotice } from '$lib/server/companies/deleted-notice';
import { companiesOfUser, createCompany } from '$lib/server/companies/companies';
import { parseForm } from '$lib/server/forms';
import { operatorsOfUser } from '$lib/server/operators/operators';
import { safeReturnPath } from '$lib/safe-url';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return {
		companies: companiesOfUser(user.id),
		operators: operatorsOfUser(user.id).map(({ id, name, slug, role }) => ({
			id,
			name,
			slug,
			role
		})),
		/** Where a new company goes back to: the house invitation that sent them here, say. */
		next: safeReturnPath(event.url.searchParams.get('next'), ''),
		/** Just arrived from a password reset: said once, not again on reload. */
		passwordChanged: takeResetNotice(event.cookies, event.url),
		/** Just deleted a company (its only member): said once. */
		companyDeleted: takeCompanyDeletedNotice(event.cookies, event.url)
	};
};

const createSchema = v.object({ name: nameField(80) });

export const actions: Actions = {
	create: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(createSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const company = createCompany(user.id, parsed.data.name);
		const next = safeReturnPath(event.url.searchParams.get('next'), '');
		redirect(303, next || `/${company.slug}`);
	}
};

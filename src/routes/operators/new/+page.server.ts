import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { nameField } from '$lib/server/auth/account-forms';
import { requireUser } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { createOperator } from '$lib/server/operators/operators';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireUser(event);
	return {};
};

const createSchema = v.object({ name: nameField(80) });

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(createSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const operator = createOperator(user.id, parsed.data.name);
		redirect(303, `/operators/${operator.slug}`);
	}
};

import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import { parseForm } from '$lib/server/forms';
import { knock, type KnockRefusal } from '$lib/server/knocks/knocks';
import type { Actions, PageServerLoad } from './$types';

// Knocking on a colleague's door, from their card on the board (or any page that shows one).
// The page itself only answers a form sent without JavaScript; the prompt says the rest.
export const load: PageServerLoad = (event) => {
	requireCompany(event);
	return {};
};

const knockSchema = v.object({ userId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });

function refusal(reason: KnockRefusal, name = ''): string {
	switch (reason) {
		case 'self':
			return m.knock_refused_self();
		case 'not_member':
			return m.knock_refused_not_member();
		case 'ringing':
			return m.knock_refused_ringing({ name });
		case 'too_soon':
			return m.knock_refused_too_soon({ name });
	}
}

export const actions: Actions = {
	knock: async (event) => {
		const access = requireCompany(event);
		const parsed = parseForm(knockSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { knockError: m.knock_refused_not_member() });
		const result = knock(access.company.id, access.userId, parsed.data.userId);
		if (!result.ok) return fail(400, { knockError: refusal(result.reason, result.name) });
		return { knocked: m.knock_sent({ name: result.knock.toName }) };
	}
};

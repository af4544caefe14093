import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { operatorRoles } from '$lib/server/db/schema';
import { parseForm } from '$lib/server/forms';
import {
	invitationDays,
	invitationSchema,
	invitationView,
	revokeInvitationSchema
} from '$lib/server/invitation-form';
import { requireOperator } from '$lib/server/operators/access';
import {
	createOperatorInvitation,
	listOperatorInvitations,
	revokeOperatorInvitation
} from '$lib/server/operators/invitations';
import type { Actions, PageServerLoad } from './$types';

// Admins only, like the nav link: staff asking get 403, non-members 404.
export const load: PageServerLoad = (event) => {
	const { operator } = requireOperator(event, 'admin');
	const now = new Date();
	return {
		roleOptions: operatorRoles,
		...invitationDays,
		// Admins may revoke any of them: only admins come here.
		invitations: listOperatorInvitations(operator.id, now).map((invitation) =>
			invitationView(invitation, now, true)
		)
	};
};

const createSchema = invitationSchema(operatorRoles);

export const actions: Actions = {
	create: async (event) => {
		const { operator, userId, role } = requireOperator(event, 'admin');
		const parsed = parseForm(createSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'create', values: parsed.values, errors: parsed.errors });
		}
		const { data } = parsed;
		const created = createOperatorInvitation(
			operator.id,
			{ userId, role },
			{
				role: data.role,
				email: data.email || null,
				expiresInDays: data.expiresInDays,
				maxUses: data.uses === 'single' ? 1 : null
			}
		);
		if (!created) return fail(403, { action: 'create', values: parsed.values, errors: {} });
		return {
			action: 'create',
			// The token is not stored, so this response is the only time the link can be shown.
			link: `${event.url.origin}/operators/invite/${created.token}`
		};
	},

	revoke: async (event) => {
		const { operator, userId, role } = requireOperator(event, 'admin');
		const parsed = parseForm(revokeInvitationSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'revoke', id: null, error: parsed.errors.id });
		const { id } = parsed.data;
		if (!revokeOperatorInvitation(operator.id, { userId, role }, id)) {
			return fail(404, { action: 'revoke', id, error: m.invitations_error_not_found() });
		}
		return { action: 'revoke', id, success: m.invitations_revoked() };
	}
};

import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import {
	canInvite,
	createInvitation,
	listInvitations,
	revokeInvitation
} from '$lib/server/companies/invitations';
import { roles } from '$lib/vocabulary';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import {
	invitationDays,
	invitationSchema,
	invitationView,
	revokeInvitationSchema
} from '$lib/server/invitation-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { company, role } = requireCompany(event, 'manager');
	const now = new Date();
	return {
		roleOptions: roles.filter((invited) => canInvite(role, invited)),
		...invitationDays,
		invitations: listInvitations(company.id, now).map((invitation) =>
			invitationView(invitation, now, canInvite(role, invitation.role))
		)
	};
};

const createSchema = invitationSchema(roles);

export const actions: Actions = {
	create: async (event) => {
		const { company, userId, role } = requireCompany(event, 'manager');
		const parsed = parseForm(createSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'create', values: parsed.values, errors: parsed.errors });
		}
		const { data, values } = parsed;
		const created = canInvite(role, data.role)
			? createInvitation(
					company.id,
					{ userId, role },
					{
						role: data.role,
						email: data.email || null,
						expiresInDays: data.expiresInDays,
						maxUses: data.uses === 'single' ? 1 : null
					}
				)
			: null;
		if (!created) {
			const errors: FieldErrors = { role: m.invitations_error_role_not_allowed() };
			return fail(403, { action: 'create', values, errors });
		}
		return {
			action: 'create',
			// The token is not stored, so this response is the only time the link can be shown.
			link: `${event.url.origin}/invite/${created.token}`,
			role: created.invitation.role,
			email: created.invitation.email
		};
	},

	revoke: async (event) => {
		const { company, userId, role } = requireCompany(event, 'manager');
		const parsed = parseForm(revokeInvitationSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'revoke', id: null, error: parsed.errors.id });
		const { id } = parsed.data;
		const invitation = listInvitations(company.id).find((candidate) => candidate.id === id);
		if (!invitation) {
			return fail(404, { action: 'revoke', id, error: m.invitations_error_not_found() });
		}
		if (!revokeInvitation(company.id, { userId, role }, id)) {
			return fail(403, {
				action: 'revoke',
				id,
				error: m.invitations_error_revoke_not_allowed()
			});
		}
		return { action: 'revoke', id, success: m.invitations_revoked() };
	}
};

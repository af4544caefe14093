import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import {
	canInvite,
	createInvitation,
	INVITATION_DEFAULT_DAYS,
	INVITATION_MAX_DAYS,
	listInvitations,
	revokeInvitation
} from '$lib/server/companies/invitations';
import { roles } from '$lib/vocabulary';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const MIN_DAYS = 1;

export const load: PageServerLoad = (event) => {
	const { company, role } = requireCompany(event, 'manager');
	const now = new Date();
	return {
		roleOptions: roles.filter((invited) => canInvite(role, invited)),
		defaultDays: INVITATION_DEFAULT_DAYS,
		minDays: MIN_DAYS,
		maxDays: INVITATION_MAX_DAYS,
		invitations: listInvitations(company.id, now).map((invitation) => ({
			id: invitation.id,
			role: invitation.role,
			email: invitation.email,
			status: invitation.status,
			uses: invitation.uses,
			maxUses: invitation.maxUses,
			expiresAt: invitation.expiresAt,
			// Decided here so the page and its hydration agree on "expires" versus "expired".
			pastExpiry: invitation.expiresAt.getTime() <= now.getTime(),
			createdAt: invitation.createdAt,
			createdByName: invitation.createdByName,
			canRevoke: invitation.status === 'valid' && canInvite(role, invitation.role)
		}))
	};
};

const daysMessage = () => m.invitations_error_days({ min: MIN_DAYS, max: INVITATION_MAX_DAYS });
const emailMessage = () => m.error_email();

const createSchema = v.object({
	role: v.picklist(roles, () => m.invitations_error_role()),
	// Optional: an empty field means anyone holding the link may join.
	email: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(254, () => m.error_too_long({ max: 254 })),
		v.check((email) => email === '' || v.is(v.pipe(v.string(), v.email()), email), emailMessage)
	),
	expiresInDays: v.pipe(
		v.optional(v.string(), String(INVITATION_DEFAULT_DAYS)),
		v.trim(),
		v.regex(/^\d{1,3}$/, daysMessage),
		v.transform(Number),
		v.minValue(MIN_DAYS, daysMessage),
		v.maxValue(INVITATION_MAX_DAYS, daysMessage)
	),
	uses: v.picklist(['single', 'multi'], () => m.invitations_error_uses())
});

const revokeSchema = v.object({
	id: v.pipe(
		v.string(),
		v.nonEmpty(() => m.error_required())
	)
});

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
		const parsed = parseForm(revokeSchema, await event.request.formData());
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

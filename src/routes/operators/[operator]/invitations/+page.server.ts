import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { INVITATION_DEFAULT_DAYS, INVITATION_MAX_DAYS } from '$lib/server/companies/invitations';
import { operatorRoles } from '$lib/server/db/schema';
import { parseForm } from '$lib/server/forms';
import { requireOperator } from '$lib/server/operators/access';
import {
	createOperatorInvitation,
	listOperatorInvitations,
	revokeOperatorInvitation
} from '$lib/server/operators/invitations';
import type { Actions, PageServerLoad } from './$types';

const MIN_DAYS = 1;

// Admins only, like the nav link: staff asking get 403, non-members 404.
export const load: PageServerLoad = (event) => {
	const { operator } = requireOperator(event, 'admin');
	const now = new Date();
	return {
		roleOptions: operatorRoles,
		defaultDays: INVITATION_DEFAULT_DAYS,
		minDays: MIN_DAYS,
		maxDays: INVITATION_MAX_DAYS,
		invitations: listOperatorInvitations(operator.id, now).map((invitation) => ({
			id: invitation.id,
			role: invitation.role,
			email: invitation.email,
			status: invitation.status,
			uses: invitation.uses,
			maxUses: invitation.maxUses,
			expiresAt: invitation.expiresAt,
			pastExpiry: invitation.expiresAt.getTime() <= now.getTime(),
			createdByName: invitation.createdByName,
			canRevoke: invitation.status === 'valid'
		}))
	};
};

const daysMessage = () => m.invitations_error_days({ min: MIN_DAYS, max: INVITATION_MAX_DAYS });

const createSchema = v.object({
	role: v.picklist(operatorRoles, () => m.invitations_error_role()),
	// Optional: an empty field means anyone holding the link may join.
	email: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(254, () => m.error_too_long({ max: 254 })),
		v.check(
			(email) => email === '' || v.is(v.pipe(v.string(), v.email()), email),
			() => m.error_email()
		)
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
		const parsed = parseForm(revokeSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'revoke', id: null, error: parsed.errors.id });
		const { id } = parsed.data;
		if (!revokeOperatorInvitation(operator.id, { userId, role }, id)) {
			return fail(404, { action: 'revoke', id, error: m.invitations_error_not_found() });
		}
		return { action: 'revoke', id, success: m.invitations_revoked() };
	}
};

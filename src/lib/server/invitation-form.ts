// The "new invitation link" form, as the company's and the operator's invitation pages read it:
// only the roles differ.
import * as v from 'valibot';
import { ofPlaceFrench } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import {
	INVITATION_DEFAULT_DAYS,
	INVITATION_MAX_DAYS,
	type InvitationStatus
} from './companies/invitations';

export const INVITATION_MIN_DAYS = 1;

/** What the form shows about how long a link may last. */
export const invitationDays = {
	defaultDays: INVITATION_DEFAULT_DAYS,
	minDays: INVITATION_MIN_DAYS,
	maxDays: INVITATION_MAX_DAYS
};

const daysMessage = () =>
	m.invitations_error_days({ min: INVITATION_MIN_DAYS, max: INVITATION_MAX_DAYS });

export function invitationSchema<const R extends readonly [string, ...string[]]>(roles: R) {
	return v.object({
		role: v.picklist(roles, () => m.invitations_error_role()),
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
			v.minValue(INVITATION_MIN_DAYS, daysMessage),
			v.maxValue(INVITATION_MAX_DAYS, daysMessage)
		),
		uses: v.picklist(['single', 'multi'], () => m.invitations_error_uses())
	});
}

export const revokeInvitationSchema = v.object({
	id: v.pipe(
		v.string(),
		v.nonEmpty(() => m.error_required())
	)
});

/** One invitation as the list shows it; `canRevoke` is the page's to decide (role rules differ). */
export function invitationView<R extends string>(
	invitation: {
		id: string;
		role: R;
		email: string | null;
		status: InvitationStatus;
		uses: number;
		maxUses: number | null;
		expiresAt: Date;
		createdByName: string | null;
	},
	now: Date,
	canRevoke: boolean
) {
	return {
		id: invitation.id,
		role: invitation.role,
		email: invitation.email,
		status: invitation.status,
		uses: invitation.uses,
		maxUses: invitation.maxUses,
		expiresAt: invitation.expiresAt,
		// Decided here so the page and its hydration agree on "expires" versus "expired".
		pastExpiry: invitation.expiresAt.getTime() <= now.getTime(),
		createdByName: invitation.createdByName,
		canRevoke: invitation.status === 'valid' && canRevoke
	};
}

/** Why an invitation link no longer works, naming the space (company or operator) it was for. */
export function invitationUnavailableMessage(
	status: Exclude<InvitationStatus, 'valid'>,
	company: string
): string {
	const names = { company, ofCompany: ofPlaceFrench(company) };
	switch (status) {
		case 'expired':
			return m.invite_expired(names);
		case 'used_up':
			return m.invite_used_up(names);
		case 'revoked':
			return m.invite_revoked(names);
	}
}

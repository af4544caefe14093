import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { operatorAccess } from '$lib/server/operators/operators';
import {
	acceptOperatorInvitation,
	findOperatorInvitation
} from '$lib/server/operators/invitations';
import { invitationUnavailableMessage } from '$lib/server/invitation-form';
import type { Actions, PageServerLoad } from './$types';

/** The invitation behind a valid link; otherwise a 404 (no such link) or 410 (no longer usable). */
function validInvitation(token: string) {
	const found = findOperatorInvitation(token);
	if (!found) error(404, m.invite_not_found_text());
	if (found.status !== 'valid')
		error(410, invitationUnavailableMessage(found.status, found.operator.name));
	return found;
}

// Encoded again, a newline or `&` in a forged link cannot break the `next` parameter.
const invitePath = (token: string) => `/operators/invite/${encodeURIComponent(token)}`;

export const load: PageServerLoad = ({ params, locals }) => {
	const { invitation, operator } = validInvitation(params.token);
	const next = encodeURIComponent(invitePath(params.token));
	const base = {
		operator: { name: operator.name, slug: operator.slug },
		role: invitation.role,
		loginHref: `/login?next=${next}`,
		signupHref: `/signup?next=${next}`
	};
	const user = locals.user;
	if (!user) return { ...base, state: 'signed_out' as const };
	if (invitation.email && invitation.email !== user.email.toLowerCase()) {
		return { ...base, state: 'wrong_email' as const, userEmail: user.email };
	}
	const member = operatorAccess(operator.slug, user.id) !== null;
	return {
		...base,
		state: member ? ('member' as const) : ('signed_in' as const),
		userEmail: user.email
	};
};

export const actions: Actions = {
	accept: ({ params, locals }) => {
		if (!locals.user) {
			redirect(303, `/login?next=${encodeURIComponent(invitePath(params.token))}`);
		}
		const result = acceptOperatorInvitation(params.token, locals.user);
		if (result.ok) redirect(303, `/operators/${result.operator.slug}`);
		if (result.reason === 'wrong_email') {
			return fail(403, { error: m.invite_email_mismatch() });
		}
		// Gone, expired, used up or revoked since the page was shown: a fresh look says which.
		validInvitation(params.token);
		error(410, m.invite_unavailable_title());
	}
};

import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { signUp, signupSchema } from '$lib/server/auth/account-forms';
import { companyAccess } from '$lib/server/companies/companies';
import { acceptInvitation, findInvitation } from '$lib/server/companies/invitations';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { invitationUnavailableMessage } from '$lib/server/invitation-form';
import type { Actions, PageServerLoad } from './$types';

/** The invitation behind a valid link; otherwise a 404 (no such link) or 410 (no longer usable). */
function validInvitation(token: string) {
	const found = findInvitation(token);
	if (!found) error(404, m.invite_not_found_text());
	if (found.status !== 'valid')
		error(410, invitationUnavailableMessage(found.status, found.company.name));
	return found;
}

// The token comes from the address already decoded: encoded again, a newline or `&` in a forged
// link cannot break the Location header or the `next` parameter.
const invitePath = (token: string) => `/invite/${encodeURIComponent(token)}`;
const loginHref = (token: string) => `/login?next=${encodeURIComponent(invitePath(token))}`;

export const load: PageServerLoad = ({ params, locals }) => {
	const found = findInvitation(params.token);
	if (!found) error(404, m.invite_not_found_text());
	const { invitation, company } = found;
	const base = {
		company: { name: company.name, slug: company.slug },
		role: invitation.role,
		loginHref: loginHref(params.token)
	};
	const user = locals.user;
	// Someone already in the company is shown the way in, whatever became of the link since: most
	// often they joined through this very link (used up now) and came back to it.
	if (user && companyAccess(company.slug, user.id)) {
		return { ...base, state: 'member' as const, userEmail: user.email };
	}
	if (found.status !== 'valid') {
		error(410, invitationUnavailableMessage(found.status, company.name));
	}
	if (!user) {
		// The bound address is shown only to someone holding the link, to prefill the form.
		return { ...base, state: 'signed_out' as const, boundEmail: invitation.email };
	}
	if (invitation.email && invitation.email !== user.email.toLowerCase()) {
		return { ...base, state: 'wrong_email' as const, userEmail: user.email };
	}
	return { ...base, state: 'signed_in' as const, userEmail: user.email };
};

export const actions: Actions = {
	accept: ({ params, locals }) => {
		if (!locals.user) redirect(303, loginHref(params.token));
		const result = acceptInvitation(params.token, locals.user);
		if (result.ok) redirect(303, `/${result.company.slug}`);
		if (result.reason === 'wrong_email') {
			return fail(403, { action: 'accept', error: m.invite_email_mismatch() });
		}
		// Joined already (a second press, or through another link): in they go.
		const found = findInvitation(params.token);
		if (found && companyAccess(found.company.slug, locals.user.id)) {
			redirect(303, `/${found.company.slug}`);
		}
		// Gone, expired, used up or revoked since the page was shown: a fresh look says which.
		validInvitation(params.token);
		error(410, m.invite_unavailable_title());
	},

	signup: async (event) => {
		const { params } = event;
		if (event.locals.user) redirect(303, invitePath(params.token));
		// Checked before the account exists, so a dead link never leaves a company-less account.
		const { invitation } = validInvitation(params.token);
		const parsed = parseForm(signupSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'signup', values: parsed.values, errors: parsed.errors });
		}
		if (invitation.email && parsed.data.email.toLowerCase() !== invitation.email) {
			const errors: FieldErrors = { email: m.invite_email_mismatch() };
			return fail(400, { action: 'signup', values: parsed.values, errors });
		}
		const account = await signUp(event, parsed.data);
		if (!account.ok) {
			return fail(account.status, {
				action: 'signup',
				values: parsed.values,
				errors: account.errors
			});
		}
		const joined = acceptInvitation(params.token, account.user);
		// The account now exists and is signed in: if the link died meanwhile, its page says why.
		if (!joined.ok) redirect(303, invitePath(params.token));
		redirect(303, `/${joined.company.slug}`);
	}
};

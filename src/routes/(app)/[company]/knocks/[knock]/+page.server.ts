import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import {
	acceptKnock,
	cancelKnock,
	declineKnock,
	knockFor,
	type AnswerRefusal
} from '$lib/server/knocks/knocks';
import type { Actions, PageServerLoad } from './$types';

// One knock, for its two people only (anyone else: 404): where its notification leads, and where
// the prompt's Accept / Not now / Cancel post to.
export const load: PageServerLoad = (event) => {
	const access = requireCompany(event);
	const knock = knockFor(access.company.id, access.userId, event.params.knock);
	if (!knock) error(404, 'Not Found');
	return { knock, mine: knock.fromUserId === access.userId };
};

function refusal(reason: AnswerRefusal, name: string) {
	if (reason === 'not_found') error(404, 'Not Found');
	return fail(400, {
		answerError: reason === 'cancelled' ? m.knock_cancelled({ name }) : m.knock_expired({ name })
	});
}

export const actions: Actions = {
	accept: (event) => {
		const access = requireCompany(event);
		const companyId = access.company.id;
		const result = acceptKnock(companyId, access.userId, event.params.knock);
		if (!result.ok) {
			const knock = knockFor(companyId, access.userId, event.params.knock);
			return refusal(result.reason, knock?.fromName ?? '');
		}
		// The one who accepted goes to the call; the knocker's tabs are sent there live.
		redirect(303, result.knock.roomLink ?? `/${access.company.slug}`);
	},
	decline: (event) => {
		const access = requireCompany(event);
		const result = declineKnock(access.company.id, access.userId, event.params.knock);
		return result.ok ? { answered: true } : refusal(result.reason, '');
	},
	cancel: (event) => {
		const access = requireCompany(event);
		const result = cancelKnock(access.company.id, access.userId, event.params.knock);
		return result.ok ? { answered: true } : refusal(result.reason, '');
	}
};

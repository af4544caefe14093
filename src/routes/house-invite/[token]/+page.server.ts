import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { atPlaceFrench, ofPlaceFrench } from '$lib/format';
import type { StartRefusal } from '$lib/server/agreements/agreements';
import {
	acceptHouseInvitation,
	findHouseInvitation,
	houseInvitationRefusal,
	type FoundHouseInvitation,
	type HouseInvitationStatus
} from '$lib/server/agreements/house-invitations';
import { companiesOfUser, hasRole } from '$lib/server/companies/companies';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { getCompanyHouse } from '$lib/server/houses/houses';
import { formatDate } from '$lib/format';
import { todayIn } from '$lib/zoned-time';
import type { Actions, PageServerLoad } from './$types';

/**
 * Why the link no longer works, naming the house and its operator (the live invitation shows
 * both to anyone holding the link) so the reader knows whom to ask; never who accepted it.
 */
function unavailableMessage(
	status: Exclude<HouseInvitationStatus, 'valid'>,
	{ house, operator }: FoundHouseInvitation
): string {
	const names = { house: house.name, operator: operator.name };
	switch (status) {
		case 'expired':
			return m.agreements_invite_expired(names);
		case 'revoked':
			return m.agreements_invite_revoked(names);
		case 'accepted':
			return m.agreements_invite_accepted(names);
		case 'superseded':
			return m.agreements_invite_superseded(names);
	}
}

/**
 * For a person of the company that answered the invitation — accepted it, or works at the house
 * under an agreement that closed it — what became of it and the ways in: the link is the one
 * they kept. Null for anyone else, who reads the gone page (never who accepted it).
 */
function answeredFor(user: App.Locals['user'], found: FoundHouseInvitation) {
	const { invitation, house, operator, status, superseding } = found;
	const companyId =
		status === 'accepted' ? invitation.acceptedCompanyId : (superseding?.companyId ?? null);
	if (!user || companyId === null) return null;
	const company = companiesOfUser(user.id).find((mine) => mine.id === companyId);
	if (!company) return null;
	const houses = `/${company.slug}/houses`;
	const names = {
		company: company.name,
		house: house.name,
		atHouse: atPlaceFrench(house.name),
		operator: operator.name
	};
	// The house's page while the company has it (an ended agreement takes it off its list).
	const houseHref = getCompanyHouse(company.id, house.id) ? `${houses}/${house.id}` : null;
	return {
		// "works at" only while it does: not once its agreement ended, nor before a return starts.
		title: houseHref
			? m.agreements_invite_answered_title(names)
			: m.agreements_invite_answered_title_unlinked(names),
		text:
			status === 'accepted'
				? m.agreements_invite_accepted_on({
						...names,
						// The day in the house's calendar, as its agreements' dates are.
						date: formatDate(todayIn(house.timeZone, invitation.acceptedAt!), 'full')
					})
				: m.agreements_invite_superseded_for_company({
						...names,
						date: formatDate(superseding!.startDate, 'full')
					}),
		houseName: house.name,
		houseHref,
		// The agreement is read by owners and managers, who act for the company.
		agreementHref: hasRole(company.role, 'manager') ? `${houses}/${house.id}/agreement` : null,
		housesHref: houses
	};
}

/** What answeredFor tells the person when the link was answered by their company, else null. */
function answeredInvitation(token: string, user: App.Locals['user']) {
	const found = findHouseInvitation(token);
	return found && found.status !== 'valid' ? answeredFor(user, found) : null;
}

/** The invitation behind a valid link; otherwise 404 (no such link) or 410 (no longer usable). */
function validInvitation(token: string) {
	const found = findHouseInvitation(token);
	if (!found) error(404, m.agreements_invite_not_found());
	if (found.status !== 'valid') error(410, unavailableMessage(found.status, found));
	return found;
}

// Encoded again, a newline or `&` in a forged link cannot break the Location header or `next`.
const invitePath = (token: string) => `/house-invite/${encodeURIComponent(token)}`;
const withNext = (page: string, token: string) =>
	`${page}?next=${encodeURIComponent(invitePath(token))}`;

/** The companies the user may accept for: those they own or manage. */
const companiesToPick = (userId: string) =>
	companiesOfUser(userId)
		.filter((company) => hasRole(company.role, 'manager'))
		.map(({ id, name }) => ({ id, name }));

/** Why `company` cannot accept, and what to do instead, as the person reads it. */
function refusalMessage(
	refusal: StartRefusal,
	company: string,
	{ invitation, house, operator }: FoundHouseInvitation
): string {
	switch (refusal.reason) {
		case 'already_joined':
			return m.agreements_invite_refused_joined({
				company,
				house: house.name,
				atHouse: atPlaceFrench(house.name)
			});
		case 'overlap':
			return m.agreements_invite_refused_overlap({
				company,
				ofCompany: ofPlaceFrench(company),
				house: house.name,
				atHouse: atPlaceFrench(house.name),
				operator: operator.name
			});
		// These two are the invitation's, whichever company accepts: said once.
		case 'month_closed':
			return m.agreements_invite_month_closed();
		case 'seats':
			return m.agreements_invite_seats_gone({
				reserved: invitation.terms.reservedSeats,
				free: refusal.room.free
			});
	}
}

/**
 * The user's companies that could accept now, and why the others cannot: the page offers to
 * accept only for the first, and offers nothing when there are none (a button that can only fail
 * is no offer).
 */
function whoMayAccept(userId: string, found: FoundHouseInvitation) {
	const open: Array<{ id: string; name: string }> = [];
	const refusals = new Set<string>();
	for (const company of companiesToPick(userId)) {
		const refusal = houseInvitationRefusal(found, company.id);
		if (refusal) refusals.add(refusalMessage(refusal, company.name, found));
		else open.push(company);
	}
	return { companies: open, refusals: [...refusals] };
}

export const load: PageServerLoad = ({ params, locals }) => {
	const answered = answeredInvitation(params.token, locals.user);
	if (answered) return { answered };
	const found = validInvitation(params.token);
	const { invitation, house, operator } = found;
	const base = {
		operatorName: operator.name,
		companyName: invitation.companyName,
		startDate: invitation.startDate,
		terms: invitation.terms,
		house: {
			name: house.name,
			commune: house.commune,
			address: house.address,
			seats: house.seats,
			openingDays: house.openingDays,
			opensAt: house.opensAt,
			closesAt: house.closesAt
		},
		loginHref: withNext('/login', params.token),
		signupHref: withNext('/signup', params.token)
	};
	if (!locals.user) {
		return {
			...base,
			answered: null,
			signedIn: false as const,
			companies: [],
			refusals: [],
			memberOnly: false
		};
	}
	const { companies, refusals } = whoMayAccept(locals.user.id, found);
	// In a company, but owning or managing none: the link is to pass on, not a reason to found one.
	const memberOnly =
		companies.length === 0 && refusals.length === 0 && companiesOfUser(locals.user.id).length > 0;
	return { ...base, answered: null, signedIn: true as const, companies, refusals, memberOnly };
};

const acceptSchema = v.object(
	{
		companyId: v.pipe(
			v.string(),
			v.nonEmpty(() => m.error_required()),
			v.maxLength(100)
		)
	},
	() => m.error_required()
);

export const actions: Actions = {
	accept: async ({ params, locals, request }) => {
		if (!locals.user) redirect(303, withNext('/login', params.token));
		const parsed = parseForm(acceptSchema, await request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const result = acceptHouseInvitation(params.token, locals.user.id, parsed.data.companyId);
		if (result.ok) redirect(303, `/${result.company.slug}/houses`);
		let errors: FieldErrors;
		switch (result.reason) {
			case 'not_allowed':
				errors = { companyId: m.agreements_invite_not_allowed() };
				return fail(403, { values: parsed.values, errors });
			case 'already_joined':
				errors = { companyId: m.agreements_error_already_joined() };
				return fail(409, { values: parsed.values, errors });
			case 'overlap':
				errors = { companyId: m.agreements_error_overlap() };
				return fail(409, { values: parsed.values, errors });
			case 'month_closed':
				// The operator closed the start's month (or a later one) since sending it: the
				// company cannot change the date, only the operator can, with a new invitation.
				errors = { form: m.agreements_invite_month_closed() };
				return fail(409, { values: parsed.values, errors });
			case 'seats': {
				// The house shrank, or others reserved, since the invitation: its terms are what the
				// operator offered, so only the operator may change them, with a new invitation.
				const reserved = findHouseInvitation(params.token)?.invitation.terms.reservedSeats ?? 0;
				errors = { form: m.agreements_invite_seats_gone({ reserved, free: result.room.free }) };
				return fail(409, { values: parsed.values, errors });
			}
		}
		// Gone, expired, revoked, superseded or accepted since the page was shown: a fresh look says
		// which — their own company's answer, for its people (a second click on Accept, say).
		if (answeredInvitation(params.token, locals.user)) redirect(303, invitePath(params.token));
		validInvitation(params.token);
		error(410, m.agreements_invite_gone_title());
	}
};

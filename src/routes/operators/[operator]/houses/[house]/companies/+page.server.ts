import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import {
	houseAgreements,
	closedMonthMessage,
	startsInClosedMonth,
	unlinkEndedAgreements
} from '$lib/server/agreements/agreements';
import {
	createHouseInvitation,
	listHouseInvitations,
	revokeHouseInvitation,
	supersedingAgreement
} from '$lib/server/agreements/house-invitations';
import {
	acceptJoinRequest,
	declineJoinRequest,
	pendingJoinRequests
} from '$lib/server/agreements/join-requests';
import { reservedSeatsError, seatsRoom, type SeatsFor } from '$lib/server/agreements/seats';
import { parseTermsForm, type ReservedSeatsCheck } from '$lib/server/agreements/terms-form';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { requireOperatorHouse } from '$lib/server/operators/houses';
import { agreementErrorMessage } from '$lib/agreements/refusals';
import { todayIn } from '$lib/zoned-time';
import { formatDate } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { house, role } = requireOperatorHouse(event, 'staff');
	unlinkEndedAgreements({ houseId: house.id });
	return {
		house: { id: house.id, name: house.name, commune: house.commune, timeZone: house.timeZone },
		// Where the start-date fields start: today on the house's clock, which no closed month holds.
		today: todayIn(house.timeZone),
		canManage: role === 'admin',
		agreements: houseAgreements(house).map((agreement) => ({
			id: agreement.id,
			companyName: agreement.companyName,
			startDate: agreement.startDate,
			endDate: agreement.endDate,
			ended: agreement.ended,
			earlier: agreement.earlier,
			current: agreement.current
		})),
		invitations: listHouseInvitations(house.id),
		requests: pendingJoinRequests(house.id)
	};
};

const companyNameField = v.pipe(
	v.string(() => m.agreements_company_name_required()),
	v.trim(),
	v.nonEmpty(() => m.agreements_company_name_required()),
	v.maxLength(80, () => m.error_too_long({ max: 80 }))
);
const idField = v.pipe(
	v.string(() => m.error_required()),
	v.maxLength(100)
);

/**
 * Reserved seats of a new agreement fit the house from its start date on; `seatsFor`, the company
 * an invitation or an answer is for, tells its own pending invitations from other companies'.
 */
const fitsHouse =
	(house: { id: string; seats: number }, seatsFor: SeatsFor | null): ReservedSeatsCheck =>
	(seats, startDate) =>
		reservedSeatsError(
			seats,
			seatsRoom(house, startDate ? { from: startDate, to: null } : null),
			seatsFor
		);

/** The company whose pending request `requestId` is, as its seats hint names it; null if none. */
function requestSeatsFor(houseId: string, requestId: unknown): SeatsFor | null {
	const request = pendingJoinRequests(houseId).find(
		(one) => one.id === requestId && one.status === 'pending'
	);
	return request ? { companyName: request.companyName, answering: 'request' } : null;
}

export const actions: Actions = {
	invite: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const form = await event.request.formData();
		const parsed = parseTermsForm(
			form,
			'startDate',
			{ companyName: companyNameField },
			{
				checkSeats: fitsHouse(access.house, {
					companyName: form.get('companyName')?.toString() ?? '',
					answering: 'invitation'
				})
			}
		);
		if (!parsed.ok) {
			return fail(400, { action: 'invite' as const, values: parsed.values, errors: parsed.errors });
		}
		// The company works here over that day already: the link would be closed as it is sent
		// (superseded by that agreement), and new terms are a change of the agreement's.
		const inForce = supersedingAgreement(access.house.id, {
			companyName: parsed.data.companyName,
			startDate: parsed.data.date
		});
		if (inForce) {
			const errors: FieldErrors = {
				companyName: m.agreements_invite_company_in_force({
					company: inForce.companyName,
					date: formatDate(inForce.startDate, 'full')
				})
			};
			return fail(400, { action: 'invite' as const, values: parsed.values, errors });
		}
		// Accepting it would be refused (startAgreement): say so now, to the one who can change it.
		if (startsInClosedMonth(access.house.id, parsed.data.date)) {
			const errors: FieldErrors = {
				startDate: closedMonthMessage(access.house.id, parsed.data.date)
			};
			return fail(400, { action: 'invite' as const, values: parsed.values, errors });
		}
		const { token } = createHouseInvitation(
			{ operatorId: access.operator.id, userId: access.userId },
			access.house,
			{
				companyName: parsed.data.companyName,
				startDate: parsed.data.date,
				terms: parsed.data.terms
			}
		);
		return {
			action: 'invite' as const,
			link: `${event.url.origin}/house-invite/${token}`
		};
	},

	revoke: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const parsed = parseForm(v.object({ invitationId: idField }), await event.request.formData());
		if (!parsed.ok) error(400, m.agreements_error_not_found());
		const actor = { operatorId: access.operator.id, userId: access.userId };
		if (!revokeHouseInvitation(actor, access.house, parsed.data.invitationId)) {
			error(404, 'Not Found');
		}
		return { action: 'revoke' as const, success: true };
	},

	acceptRequest: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const form = await event.request.formData();
		const seatsFor = requestSeatsFor(access.house.id, form.get('requestId'));
		const parsed = parseTermsForm(
			form,
			'startDate',
			{ requestId: idField },
			{ checkSeats: fitsHouse(access.house, seatsFor) }
		);
		const requestId = parsed.values.requestId ?? '';
		if (!parsed.ok) {
			return fail(400, {
				action: 'acceptRequest' as const,
				requestId,
				values: parsed.values,
				errors: parsed.errors
			});
		}
		const result = acceptJoinRequest(
			{ operatorId: access.operator.id, userId: access.userId },
			access.house,
			parsed.data.requestId,
			{ startDate: parsed.data.date, terms: parsed.data.terms }
		);
		if (!result.ok && result.reason === 'seats') {
			// Another agreement reserved seats between the page's check and this one.
			return fail(409, {
				action: 'acceptRequest' as const,
				requestId,
				values: parsed.values,
				errors: {
					reservedSeats:
						reservedSeatsError(parsed.data.terms.reservedSeats, result.room, seatsFor) ?? ''
				} as FieldErrors
			});
		}
		if (!result.ok && result.reason === 'month_closed') {
			// The date is what the admin can change: said beside it, as for an invitation.
			return fail(409, {
				action: 'acceptRequest' as const,
				requestId,
				values: parsed.values,
				errors: {
					startDate: closedMonthMessage(access.house.id, parsed.data.date)
				} as FieldErrors
			});
		}
		if (!result.ok) {
			return fail(result.reason === 'not_found' ? 404 : 409, {
				action: 'acceptRequest' as const,
				requestId,
				values: parsed.values,
				errors: { form: agreementErrorMessage(result.reason) }
			});
		}
		return { action: 'acceptRequest' as const, success: true };
	},

	declineRequest: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const parsed = parseForm(v.object({ requestId: idField }), await event.request.formData());
		if (!parsed.ok) error(400, m.agreements_error_not_found());
		const actor = { operatorId: access.operator.id, userId: access.userId };
		if (!declineJoinRequest(actor, access.house, parsed.data.requestId)) error(404, 'Not Found');
		return { action: 'declineRequest' as const, success: true };
	}
};

import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { agreementErrorMessage } from '$lib/agreements/refusals';
import {
	changeTerms,
	closedMonthMessage,
	endAgreement,
	endAgreementRefusal,
	pairHistory,
	type EndAgreementRefusal,
	termsPeriod
} from '$lib/server/agreements/agreements';
import { reservedSeatsError, seatsRoom } from '$lib/server/agreements/seats';
import { isoDateField, parseTermsForm } from '$lib/server/agreements/terms-form';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { isConfirmed } from '$lib/forms/confirm';
import { requireHouseAgreement } from './agreement.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { access, agreement, companyName, versions, current, today } = requireHouseAgreement(
		event,
		'staff'
	);
	return {
		house: { id: access.house.id, name: access.house.name },
		canManage: access.role === 'admin',
		agreement: {
			id: agreement.id,
			companyName,
			startDate: agreement.startDate,
			endDate: agreement.endDate,
			ended: agreement.endDate !== null && agreement.endDate <= today
		},
		/** The house's today: a last day up to it ends the agreement at once, for good. */
		today,
		versions,
		current,
		history: pairHistory(access.house.id, agreement.companyId)
	};
};

const endSchema = v.object({ endDate: isoDateField }, () => m.error_required());

export const actions: Actions = {
	changeTerms: async (event) => {
		const { access, agreement, versions } = requireHouseAgreement(event, 'admin');
		// The other companies' reserved seats over the days the new terms apply. The company's own
		// invitations over those days are superseded by this agreement and hold none of them.
		const room = (validFrom: string | null) =>
			seatsRoom(access.house, validFrom ? termsPeriod(agreement, versions, validFrom) : null, {
				exceptCompanyId: agreement.companyId
			});
		const parsed = parseTermsForm(
			await event.request.formData(),
			'validFrom',
			{},
			{ checkSeats: (seats, validFrom) => reservedSeatsError(seats, room(validFrom)) }
		);
		if (!parsed.ok) {
			return fail(400, {
				action: 'changeTerms' as const,
				values: parsed.values,
				errors: parsed.errors
			});
		}
		const result = changeTerms(
			{ operatorId: access.operator.id, userId: access.userId },
			access.house,
			agreement.id,
			parsed.data.date,
			parsed.data.terms
		);
		if (!result.ok && result.reason === 'seats') {
			return fail(409, {
				action: 'changeTerms' as const,
				values: parsed.values,
				errors: {
					reservedSeats: reservedSeatsError(parsed.data.terms.reservedSeats, result.room) ?? ''
				} as FieldErrors
			});
		}
		if (!result.ok) {
			return fail(409, {
				action: 'changeTerms' as const,
				values: parsed.values,
				errors: {
					validFrom:
						result.reason === 'month_closed'
							? closedMonthMessage(access.house.id, parsed.data.date)
							: agreementErrorMessage(result.reason)
				}
			});
		}
		return { action: 'changeTerms' as const, success: true, date: parsed.data.date };
	},

	end: async (event) => {
		const { access, agreement, today } = requireHouseAgreement(event, 'admin');
		const formData = await event.request.formData();
		const parsed = parseForm(endSchema, formData);
		if (!parsed.ok) {
			return fail(400, { action: 'end' as const, values: parsed.values, errors: parsed.errors });
		}
		const endDate = parsed.data.endDate;
		const refused = (reason: EndAgreementRefusal) =>
			fail(409, {
				action: 'end' as const,
				values: parsed.values,
				errors: {
					endDate:
						reason === 'month_closed'
							? closedMonthMessage(access.house.id, endDate)
							: agreementErrorMessage(reason)
				}
			});
		// A date it cannot end on is said beside the field at once, never asked about.
		const refusal = endAgreementRefusal(access.house, agreement.id, endDate);
		if (refusal) return refused(refusal);
		// Ended on or before today, the company leaves now and for good. Not confirmed (no
		// JavaScript, or a click before the page came alive): ask in the page.
		if (!isConfirmed(formData)) {
			return {
				action: 'end' as const,
				values: parsed.values,
				confirm: { date: endDate, atOnce: endDate <= today }
			};
		}
		const result = endAgreement(
			{ operatorId: access.operator.id, userId: access.userId },
			access.house,
			agreement.id,
			endDate
		);
		if (!result.ok) return refused(result.reason);
		return { action: 'end' as const, success: true, date: endDate };
	}
};

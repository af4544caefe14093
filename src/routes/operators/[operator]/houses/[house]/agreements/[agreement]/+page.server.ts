import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { agreementErrorMessage } from '$lib/agreements/refusals';
import {
	changeTerms,
	closedMonthMessage,
	endAgreement,
	pairHistory,
	termsPeriod
} from '$lib/server/agreements/agreements';
import { reservedSeatsError, seatsRoom } from '$lib/server/agreements/seats';
import { isoDateField, parseTermsForm } from '$lib/server/agreements/terms-form';
import { parseForm, type FieldErrors } from '$lib/server/forms';
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
		versions,
		current,
		history: pairHistory(access.house.id, agreement.companyId)
	};
};

const endSchema = v.object({ endDate: isoDateField }, () => m.error_required());

export const actions: Actions = {
	changeTerms: async (event) => {
		const { access, agreement, versions } = requireHouseAgreement(event, 'admin');
		// The other companies' reserved seats over the days the new terms apply.
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
		const { access, agreement } = requireHouseAgreement(event, 'admin');
		const parsed = parseForm(endSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'end' as const, values: parsed.values, errors: parsed.errors });
		}
		const result = endAgreement(
			{ operatorId: access.operator.id, userId: access.userId },
			access.house,
			agreement.id,
			parsed.data.endDate
		);
		if (!result.ok) {
			return fail(409, {
				action: 'end' as const,
				values: parsed.values,
				errors: {
					endDate:
						result.reason === 'month_closed'
							? closedMonthMessage(access.house.id, parsed.data.endDate)
							: agreementErrorMessage(result.reason)
				}
			});
		}
		return { action: 'end' as const, success: true, date: parsed.data.endDate };
	}
};

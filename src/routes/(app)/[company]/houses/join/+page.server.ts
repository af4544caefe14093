import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import {
	listedHouses,
	requestToJoin,
	withdrawJoinRequest
} from '$lib/server/agreements/join-requests';
import { requireCompany } from '$lib/server/companies/access';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { housePhotoUrls } from '$lib/server/houses/photos';
import type { Actions, PageServerLoad } from './$types';

// Asking to join commits the company: owners and managers only.
export const load: PageServerLoad = (event) => {
	const access = requireCompany(event, 'manager');
	const houses = listedHouses(access.company.id);
	const photos = housePhotoUrls(houses.map((house) => house.id));
	return { houses: houses.map((house) => ({ ...house, photoUrl: photos.get(house.id) ?? null })) };
};

const MESSAGE_MAX = 1000;
const requestSchema = v.object(
	{
		houseId: v.pipe(
			v.string(),
			v.nonEmpty(() => m.error_required()),
			v.maxLength(100)
		),
		message: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.maxLength(MESSAGE_MAX, () => m.agreements_message_too_long({ max: MESSAGE_MAX }))
		)
	},
	() => m.error_required()
);

export const actions: Actions = {
	request: async (event) => {
		const access = requireCompany(event, 'manager');
		const parsed = parseForm(requestSchema, await event.request.formData());
		const houseId = parsed.values.houseId ?? '';
		if (!parsed.ok) {
			return fail(400, { houseId, values: parsed.values, errors: parsed.errors });
		}
		const result = requestToJoin(
			{ companyId: access.company.id, userId: access.userId },
			parsed.data.houseId,
			parsed.data.message
		);
		if (!result.ok) {
			const errors: FieldErrors = {
				form:
					result.reason === 'pending'
						? m.agreements_error_pending()
						: result.reason === 'already_joined'
							? m.agreements_error_already_joined()
							: m.agreements_error_house_gone()
			};
			return fail(result.reason === 'not_found' ? 404 : 409, {
				houseId,
				values: parsed.values,
				errors
			});
		}
		return { houseId, success: true };
	},

	// Taking a request back is the company's own decision: owners and managers, as for asking.
	withdraw: async (event) => {
		const access = requireCompany(event, 'manager');
		const parsed = parseForm(
			v.object({ requestId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)) }),
			await event.request.formData()
		);
		if (!parsed.ok) error(400, m.agreements_error_not_found());
		const actor = { companyId: access.company.id, userId: access.userId };
		// Another company's request, or one already answered, is nothing this company can touch.
		const withdrawn = withdrawJoinRequest(actor, parsed.data.requestId);
		if (!withdrawn) error(404, 'Not Found');
		return { houseId: withdrawn.houseId, withdrawn: true };
	}
};

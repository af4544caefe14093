import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { parseForm, type FieldErrors, type FormValues } from '$lib/server/forms';
import { requireOperatorHouse } from '$lib/server/operators/houses';
import {
	confirmCheckIn,
	withdrawAtDesk,
	deskCompanies,
	lastOpeningDay,
	type DeskRefusal
} from '$lib/server/presence/desk';
import { dateValue, halfValue } from '$lib/server/presence/forms';
import { checkInQrSvg } from '$lib/server/presence/qr';
import { todayIn } from '$lib/zoned-time';
import type { Actions, PageServerLoad } from './$types';

// The operator's desk at a house: confirm someone's check-in by their address, and print the
// door's QR code (/check-in/[house], the same for every company of the house).
export const load: PageServerLoad = async (event) => {
	const { house } = requireOperatorHouse(event, 'staff');
	const link = new URL(`/check-in/${house.id}`, event.url.origin).href;
	const svg = await checkInQrSvg(link);
	return {
		house: { id: house.id, name: house.name, commune: house.commune, timeZone: house.timeZone },
		today: todayIn(house.timeZone),
		lastOpeningDay: lastOpeningDay(house),
		companies: deskCompanies(house),
		link,
		svg
	};
};

const schema = () =>
	v.object({
		email: v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(254, () => m.presence_desk_email_invalid()),
			v.email(() => m.presence_desk_email_invalid())
		),
		companyId: v.pipe(
			v.string(),
			v.minLength(1, () => m.presence_desk_no_agreement())
		),
		date: dateValue,
		half: halfValue
	});

const refusals: Record<DeskRefusal, () => string> = {
	unknown_person: m.presence_desk_unknown_person,
	no_agreement: m.presence_desk_no_agreement,
	future_date: m.presence_desk_future,
	month_closed: m.presence_desk_month_closed,
	checked_in_elsewhere: m.presence_desk_checked_in_elsewhere,
	no_check_in: m.presence_desk_no_check_in
};

/**
 * One of the desk form's two acts, on the fields the form posts. After it, the next person of a
 * queue is most often for the same company, day and half: only the address is emptied (the page
 * keeps the rest, with or without JavaScript).
 */
async function deskAct(
	event: RequestEvent,
	act: typeof confirmCheckIn | typeof withdrawAtDesk
): Promise<
	| ActionFailure<{ errors: FieldErrors; values: FormValues }>
	| { companyName: string; values: FormValues }
> {
	const access = requireOperatorHouse(event, 'staff');
	const parsed = parseForm(schema(), await event.request.formData());
	if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
	const house = { ...access.house, operatorId: access.operator.id };
	const result = act(house, access.userId, parsed.data);
	if (!result.ok) {
		return fail(400, {
			errors: { [result.field]: refusals[result.reason]() } as FieldErrors,
			values: parsed.values
		});
	}
	const values: FormValues = { ...parsed.values, email: '' };
	return { companyName: result.companyName, values };
}

export const actions: Actions = {
	confirm: async (event) => {
		const done = await deskAct(event, confirmCheckIn);
		return 'companyName' in done ? { confirmed: done.companyName, values: done.values } : done;
	},

	// The same form's other button: the check-in it names, recorded by mistake, taken back.
	withdraw: async (event) => {
		const done = await deskAct(event, withdrawAtDesk);
		return 'companyName' in done ? { withdrawn: done.companyName, values: done.values } : done;
	}
};

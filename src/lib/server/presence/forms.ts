// Valibot schemas of the presence forms (built per request: messages follow the request's locale).
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { isIsoDate } from '../../zoned-time';
import { isPlaceOutsideHouse } from '../../vocabulary';

const time = /^([01]\d|2[0-3]):[0-5]\d$/;

export function statusSchema() {
	return v.object({
		text: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.maxLength(100, () => m.presence_status_text_too_long())
		),
		emoji: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.maxLength(16, () => m.presence_status_emoji_invalid()),
			v.check(
				(value) => [...new Intl.Segmenter().segment(value)].length <= 1,
				() => m.presence_status_emoji_invalid()
			)
		),
		dnd: v.optional(v.string(), ''),
		dndUntil: v.pipe(
			v.optional(v.string(), ''),
			v.check(
				(value) => value === '' || time.test(value),
				() => m.presence_status_time_invalid()
			)
		)
	});
}

/** A place as the forms send it: "home", "travelling", "off", "house:<id>", or "" (none). */
export const placeValue = v.pipe(
	v.optional(v.string(), ''),
	v.check(
		(value) => value === '' || isPlaceOutsideHouse(value) || /^house:[a-z0-9]{1,64}$/.test(value),
		() => m.presence_plan_place_invalid()
	)
);

export const dateValue = v.pipe(
	v.string(),
	v.check(isIsoDate, () => m.presence_plan_date_invalid())
);

/** Which part of today a check-in covers, as the check-in buttons send it. */
export const halfValue = v.picklist(['day', 'am', 'pm'] as const, () =>
	m.presence_check_in_half_invalid()
);

import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import { liveHub } from '$lib/server/live/hub';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { getCompanyHouse } from '$lib/server/houses/houses';
import { boardHouses, boardPerson } from '$lib/server/presence/board';
import { sharedCapacity } from '$lib/server/presence/capacity';
import { patternDates, publishPlaceChanged } from '$lib/server/presence/events';
import { dateValue, placeValue } from '$lib/server/presence/forms';
import { placeToValue, valueToPlace, weekDates, weekStart } from '$lib/server/presence/planner';
import {
	clearDayPlan,
	hasLaterPattern,
	patternOn,
	resolveRange,
	setDayPlan,
	setPattern
} from '$lib/server/presence/plans';
import { opensOn } from '$lib/house-hours';
import { addDays, isIsoDate, todayIn } from '$lib/zoned-time';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const access = requireCompany(event);
	// After the layout's load, so the live channel starts no later than this page's cursor (as
	// the board does): seat counts changed since then come as events, never a reload.
	await event.parent();
	const companyId = access.company.id;
	// Before the counts are read: a change meanwhile comes as an event after this cursor.
	const cursor = liveHub().cursor(companyId);
	const me = boardPerson(companyId, access.userId);
	const param = event.url.searchParams.get('week');
	const monday = weekStart(param && isIsoDate(param) ? param : null, me?.timeZone ?? 'UTC');
	const dates = weekDates(monday);
	const days = resolveRange(companyId, [access.userId], dates).get(access.userId) ?? [];
	const today = me?.date ?? null;
	// The usual week shown and saved is the one from today on: past days keep theirs.
	const patternDate = today && today > monday ? today : monday;
	const pattern = patternOn(companyId, access.userId, patternDate);
	const houses = boardHouses(companyId);
	// Seats left across all the companies of each house the person planned this week.
	const planned = new Set(
		days.flatMap((day) => [day.am, day.pm].map((place) => place.houseId ?? ''))
	);
	const capacity = houses
		.filter((house) => planned.has(house.id))
		.map((house) => {
			// Its opening days and hours: a day planned there when it does not open is said so.
			const hours = getCompanyHouse(companyId, house.id);
			return {
				houseId: house.id,
				name: house.name,
				days: sharedCapacity(house, companyId, dates),
				hours: hours
					? { openingDays: hours.openingDays, opensAt: hours.opensAt, closesAt: hours.closesAt }
					: null
			};
		});
	return {
		cursor,
		monday,
		today,
		patternFrom: patternDate,
		previousWeek: addDays(monday, -7),
		nextWeek: addDays(monday, 7),
		houses: houses.map(({ id, name }) => ({ id, name })),
		days: days.map((day) => ({
			capacity: capacity
				.filter((row) => day.am.houseId === row.houseId || day.pm.houseId === row.houseId)
				.map((row) => {
					const shared = row.days.find((slot) => slot.date === day.date);
					return {
						houseId: row.houseId,
						house: row.name,
						/** The house does not open that day: its days and hours, to say when it does. */
						closed: row.hours && !opensOn(row.hours, day.date) ? row.hours : null,
						seats: shared?.seats ?? 0,
						seatsLeft: shared?.seatsLeft ?? 0,
						overCapacity: shared?.overCapacity ?? false
					};
				}),
			checkedInAm: day.am.checkedIn,
			checkedInPm: day.pm.checkedIn,
			date: day.date,
			// Halves that differ by a plan of either (a morning left to the usual week and an
			// afternoon planned, or checked in): shown as two, or saving the day as one would put
			// the usual week's place over the afternoon.
			split:
				(day.am.source === 'plan' || day.pm.source === 'plan') &&
				(day.am.kind !== day.pm.kind || day.am.houseId !== day.pm.houseId),
			whole: placeToValue(day.am),
			am: placeToValue(day.am),
			pm: placeToValue(day.pm),
			note: day.am.note || day.pm.note,
			fromPattern: day.am.source === 'pattern' || day.pm.source === 'pattern',
			planned: day.am.source === 'plan' || day.pm.source === 'plan',
			checkedIn: day.am.checkedIn || day.pm.checkedIn
		})),
		pattern: Object.fromEntries(
			Object.entries(pattern).map(([weekday, place]) => [weekday, placeToValue(place)])
		),
		laterPattern: hasLaterPattern(companyId, access.userId, patternDate)
	};
};

/** The person's today, as their board card reads it: days before it are past for their plans. */
function personToday(companyId: string, userId: string): string {
	return boardPerson(companyId, userId)?.date ?? todayIn('UTC');
}

const daySchema = v.object({
	date: dateValue,
	split: v.optional(v.string(), ''),
	whole: placeValue,
	am: placeValue,
	pm: placeValue,
	note: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(200, () => m.presence_plan_note_too_long())
	)
});

const patternSchema = v.object({
	from: dateValue,
	...Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((day) => [`day${day}`, placeValue]))
});

/**
 * A note typed for a day left on "Not set": a day's note belongs to its plan, and "Not set" saves
 * none (the usual week applies), so the note was dropped while the page said "Saved". It is
 * refused beside the note, which comes back as typed.
 */
function noteWithoutPlace(date: string, note: string) {
	return fail(400, {
		date,
		note,
		errors: { note: m.presence_plan_note_without_place() } as FieldErrors
	});
}

export const actions: Actions = {
	saveDay: async (event) => {
		const access = requireCompany(event);
		const companyId = access.company.id;
		const parsed = parseForm(daySchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, {
				date: parsed.values.date,
				split: Boolean(parsed.values.split),
				errors: parsed.errors
			});
		}
		const { date, split, note } = parsed.data;
		// As for the usual week: days before the person's today are history, a plan never rewrites
		// them (the week shows them read-only; this refuses a form posted anyway).
		if (date < personToday(companyId, access.userId)) {
			return fail(400, {
				date,
				errors: { [split ? 'am' : 'whole']: m.presence_plan_day_past() } as FieldErrors
			});
		}
		const place = (field: 'whole' | 'am' | 'pm') => valueToPlace(companyId, parsed.data[field]);
		if (split) {
			const am = place('am');
			const pm = place('pm');
			// Each error beside the half it is about.
			if (am === false || pm === false) {
				return fail(400, {
					date,
					split: true,
					errors: { [am === false ? 'am' : 'pm']: m.presence_plan_place_invalid() } as FieldErrors
				});
			}
			if (!am && !pm && note) return noteWithoutPlace(date, note);
			if (!am && !pm) clearDayPlan(companyId, access.userId, date);
			else {
				const saved = setDayPlan(companyId, access.userId, date, { split: true, am, pm, note });
				if (!saved.ok) {
					return fail(409, {
						date,
						split: true,
						errors: { [saved.half]: m.presence_plan_checked_in_locked() } as FieldErrors
					});
				}
			}
		} else {
			const whole = place('whole');
			if (whole === false) {
				return fail(400, {
					date,
					errors: { whole: m.presence_plan_place_invalid() } as FieldErrors
				});
			}
			if (!whole && note) return noteWithoutPlace(date, note);
			if (!whole) clearDayPlan(companyId, access.userId, date);
			else if (!setDayPlan(companyId, access.userId, date, { split: false, whole, note }).ok) {
				return fail(409, {
					date,
					errors: { whole: m.presence_plan_checked_in_locked() } as FieldErrors
				});
			}
		}
		publishPlaceChanged(companyId, access.userId, [date]);
		return { savedDate: date };
	},
	clearDay: async (event) => {
		const access = requireCompany(event);
		const parsed = parseForm(v.object({ date: dateValue }), await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		if (parsed.data.date < personToday(access.company.id, access.userId)) {
			return fail(400, {
				date: parsed.data.date,
				// Beside the day's place, whether it shows one select or two.
				errors: { whole: m.presence_plan_day_past(), am: m.presence_plan_day_past() } as FieldErrors
			});
		}
		clearDayPlan(access.company.id, access.userId, parsed.data.date);
		publishPlaceChanged(access.company.id, access.userId, [parsed.data.date]);
		return { savedDate: parsed.data.date };
	},
	savePattern: async (event) => {
		const access = requireCompany(event);
		const companyId = access.company.id;
		const parsed = parseForm(patternSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { patternErrors: parsed.errors });
		const data = parsed.data as Record<string, string>;
		const pattern: Record<number, ReturnType<typeof valueToPlace>> = {};
		for (let day = 1; day <= 7; day += 1) {
			const place = valueToPlace(companyId, data[`day${day}`] ?? '');
			if (place === false) {
				return fail(400, { patternErrors: { [`day${day}`]: m.presence_plan_place_invalid() } });
			}
			pattern[day] = place;
		}
		const today = personToday(companyId, access.userId);
		setPattern(
			companyId,
			access.userId,
			parsed.data.from,
			pattern as Parameters<typeof setPattern>[3],
			today
		);
		// setPattern starts the week today at the earliest: past days keep theirs.
		const from = parsed.data.from < today ? today : parsed.data.from;
		publishPlaceChanged(companyId, access.userId, patternDates(from));
		return { patternSaved: true };
	}
};

import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { liveHub } from '$lib/server/live/hub';
import { boardWithSeats, boundBoard } from '$lib/server/presence/board';
import { boardStandups } from '$lib/server/standups/views';
import {
	checkIn,
	checkInRefusedMessage,
	checkedInMessage,
	closedTodayMessage
} from '$lib/server/presence/check-in';
import {
	clearStatus,
	dndOn,
	dndTimePassed,
	ensureStatusSweeper,
	setStatus
} from '$lib/server/presence/statuses';
import { statusSchema } from '$lib/server/presence/forms';
import type { Actions, PageServerLoad } from './$types';

// The company's home: the presence board.
export const load: PageServerLoad = async (event) => {
	const access = requireCompany(event);
	// After the layout's load: the layout's cursor (where the live channel starts) is then never
	// later than this page's, so no change falls between the two.
	await event.parent();
	ensureStatusSweeper();
	const companyId = access.company.id;
	// The cursor first: an event published while the board is read is replayed, never lost.
	const cursor = liveHub().cursor(companyId);
	// Seats: counts only, how many seats the other companies of a house hold, never who they are.
	const now = Date.now();
	const { board, seatsLeft } = boardWithSeats(companyId, now);
	// Each house and column shows its first people; `?all=<group>` (the "Show all" link, which
	// works without JavaScript) shows that group whole.
	const whole = event.url.searchParams
		.getAll('all')
		.filter((group) => group.length <= 100)
		.slice(0, 50);
	const bounded = boundBoard(board.people, now, {
		whole: new Set(whole),
		keep: access.userId
	});
	return {
		board: { ...board, people: bounded.people },
		/** People counted in their group but not sent (their group shows its first ones). */
		hidden: bounded.hidden,
		/** The groups shown whole, for the next "Show all" link. */
		whole,
		seatsLeft,
		cursor,
		me: { userId: access.userId, homeHouseId: access.membership.homeHouseId },
		standups: boardStandups(companyId, access.userId)
	};
};

const checkInSchema = v.object({ houseId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });

export const actions: Actions = {
	checkIn: async (event) => {
		const access = requireCompany(event);
		const parsed = parseForm(checkInSchema, await event.request.formData());
		const result = parsed.ok
			? checkIn(access.company.id, access.userId, parsed.data.houseId)
			: null;
		if (!result?.ok) {
			return fail(400, {
				checkInError: checkInRefusedMessage(result?.reason ?? 'unknown_house')
			});
		}
		// Past capacity, and a house closed today, are said in the answer itself, not only on the
		// card after a reload.
		const message = checkedInMessage(result);
		const checkInClosed = closedTodayMessage(result);
		return message.full
			? { checkInFull: message.text, checkInClosed }
			: { checkedIn: message.text, checkInClosed };
	},
	setStatus: async (event) => {
		const access = requireCompany(event);
		const parsed = parseForm(statusSchema(), await event.request.formData());
		// The quiet time is checked whatever else is refused: every mistake is shown at once.
		const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
		const { dnd = '', dndUntil = '' } = parsed.values;
		if (dnd && !errors.dndUntil) {
			if (!dndUntil) errors.dndUntil = m.presence_status_dnd_needs_time();
			else if (dndTimePassed(access.company.id, access.userId, dndUntil)) {
				errors.dndUntil = m.presence_status_dnd_past();
			}
		}
		// A time without the box, from someone not quiet now: without scripts nothing ticks the box
		// as they type the time (StatusForm does), and the save would drop the time unseen. Someone
		// quiet now unticks the box to turn it off, the time left in its field: that is kept.
		if (!dnd && dndUntil && !errors.dndUntil && !dndOn(access.company.id, access.userId)) {
			errors.dndUntil = m.presence_status_dnd_tick_box();
		}
		if (!parsed.ok || Object.keys(errors).length > 0) {
			return fail(400, { statusErrors: errors, statusValues: parsed.values });
		}
		const result = setStatus(access.company.id, access.userId, {
			text: parsed.data.text,
			emoji: parsed.data.emoji,
			dndUntil: parsed.data.dnd ? parsed.data.dndUntil || null : null
		});
		if (!result.ok) {
			return fail(400, {
				statusErrors: { dndUntil: m.presence_status_dnd_past() } as FieldErrors,
				statusValues: parsed.values
			});
		}
		return { statusSaved: m.presence_status_saved() };
	},
	clearStatus: async (event) => {
		const access = requireCompany(event);
		clearStatus(access.company.id, access.userId);
		return { statusSaved: m.presence_status_cleared() };
	}
};

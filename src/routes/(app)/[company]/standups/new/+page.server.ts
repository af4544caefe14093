import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import { parseSetupForm } from '$lib/server/standups/forms';
import { ensureStandupRoom } from '$lib/server/standups/room';
import { createStandup } from '$lib/server/standups/standups';
import { asksForAllTimeZones, timeZoneGroups } from '$lib/server/time-zones';
import { setupChoices, setupErrorMessage } from '../setup-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const access = requireCompany(event, 'manager');
	const choices = setupChoices(access.company.id, access.userId);
	return {
		...choices,
		values: {
			name: '',
			audience: 'everyone',
			houseIds: [],
			userIds: [],
			days: [1, 2, 3, 4, 5],
			time: '09:30',
			timeZone: choices.defaultTimeZone,
			questions: [
				m.standups_question_yesterday(),
				m.standups_question_today(),
				m.standups_question_blockers()
			],
			speakerSeconds: '90',
			runners: 'managers',
			opensHours: '12'
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const access = requireCompany(event, 'manager');
		const form = await event.request.formData();
		const parsed = parseSetupForm(form);
		if (asksForAllTimeZones(form)) return { values: parsed.values, timeZoneGroups };
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const result = createStandup(access.company.id, access, parsed.data);
		if (!result.ok) {
			return fail(400, {
				values: parsed.values,
				errors: {},
				formError: setupErrorMessage(result.reason)
			});
		}
		ensureStandupRoom(result.standup);
		redirect(303, `/${access.company.slug}/standups/${result.standup.id}`);
	}
};

import { fail, redirect } from '@sveltejs/kit';
import { noteForLanding } from '$lib/server/landing-notice';
import { STANDUP_SAVED_NOTE } from '../saved-note';
import { parseSetupForm } from '$lib/server/standups/forms';
import { syncStandupRoom } from '$lib/server/standups/room';
import { archiveStandup, updateStandup } from '$lib/server/standups/standups';
import { asksForAllTimeZones, timeZoneGroups } from '$lib/server/time-zones';
import { setupChoices, setupErrorMessage } from '../../setup-form.server';
import { requireStandup } from '../require-standup.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { access, detail } = requireStandup(event, 'manager');
	const { standup } = detail;
	return {
		...setupChoices(access.company.id, access.userId),
		standupId: standup.id,
		standupPath: `/${access.company.slug}/standups/${standup.id}`,
		values: {
			name: standup.name,
			audience: standup.audience,
			houseIds: detail.houseIds,
			userIds: detail.userIds,
			days: standup.days,
			time: standup.time,
			timeZone: standup.timeZone,
			questions: detail.questions.map((q) => q.text),
			speakerSeconds: String(standup.speakerSeconds),
			runners: standup.runners,
			opensHours: String(standup.opensMinutesBefore / 60)
		}
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { access, detail } = requireStandup(event, 'manager');
		const form = await event.request.formData();
		const parsed = parseSetupForm(form);
		if (asksForAllTimeZones(form)) return { values: parsed.values, timeZoneGroups };
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const result = updateStandup(access.company.id, access, detail.standup.id, parsed.data);
		if (!result.ok) {
			return fail(400, {
				values: parsed.values,
				errors: {},
				formError: setupErrorMessage(result.reason)
			});
		}
		syncStandupRoom(result.standup);
		const page = `/${access.company.slug}/standups/${detail.standup.id}`;
		noteForLanding(event.cookies, event.url, STANDUP_SAVED_NOTE, page);
		redirect(303, page);
	},
	archive: async (event) => {
		const { access, detail } = requireStandup(event, 'manager');
		archiveStandup(access.company.id, access, detail.standup.id);
		syncStandupRoom({ ...detail.standup, archivedAt: new Date() });
		redirect(303, `/${access.company.slug}/standups`);
	}
};

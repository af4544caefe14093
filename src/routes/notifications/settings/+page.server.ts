import * as v from 'valibot';
import { requireUser } from '$lib/server/auth/guard';
import { notificationKinds } from '$lib/server/db/schema';
import { parseForm } from '$lib/server/forms';
import {
	notificationPreferencesOf,
	saveNotificationPreferences
} from '$lib/server/notifications/notifications';
import { pushSettingsOf } from '$lib/server/notifications/push';
import { SHOWN_CHANNELS } from './channels';
import type { Actions, PageServerLoad } from './$types';

const key = (kind: string, channel: string) => `${kind}.${channel}`;

// Knocking is not built yet: no choice to offer for it.
const kinds = notificationKinds.filter((kind) => kind !== 'knock');

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const off = new Set(
		notificationPreferencesOf(user.id)
			.filter((row) => !row.enabled)
			.map((row) => key(row.kind, row.channel))
	);
	return {
		push: pushSettingsOf(user.id),
		choices: kinds.map((kind) => ({
			kind,
			channels: SHOWN_CHANNELS.map((channel) => ({
				channel,
				name: key(kind, channel),
				enabled: !off.has(key(kind, channel))
			}))
		}))
	};
};

// One checkbox per kind and channel: a ticked box sends "on", an unticked one nothing.
const schema = v.object(
	Object.fromEntries(
		kinds.flatMap((kind) =>
			SHOWN_CHANNELS.map((channel) => [key(kind, channel), v.optional(v.literal('on'))])
		)
	)
);

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(schema, await event.request.formData());
		// Nothing to refuse: every field is optional and anything else is ignored.
		const sent = parsed.ok ? parsed.data : {};
		saveNotificationPreferences(
			user.id,
			kinds.flatMap((kind) =>
				SHOWN_CHANNELS.map((channel) => ({
					kind,
					channel,
					enabled: sent[key(kind, channel)] === 'on'
				}))
			)
		);
		return { saved: true };
	}
};

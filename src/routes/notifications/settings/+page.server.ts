import * as v from 'valibot';
import { requireUser } from '$lib/server/auth/guard';
import {
	notificationChannels,
	notificationKinds,
	type NotificationChannel
} from '$lib/server/db/schema';
import { parseForm } from '$lib/server/forms';
import { mailConfigured } from '$lib/server/mail/mailer';
import { channelEnabled, channelOffered } from '$lib/server/notifications/channel-defaults';
import { EMAIL_DELAY_MS } from '$lib/server/notifications/email';
import {
	notificationPreferencesOf,
	saveNotificationPreferences
} from '$lib/server/notifications/notifications';
import { pushSettingsOf } from '$lib/server/notifications/push';
import type { Actions, PageServerLoad } from './$types';

const key = (kind: string, channel: string) => `${kind}.${channel}`;

const kinds = notificationKinds;

/** Channels this server can deliver: no email without SMTP (its column is shown disabled). */
const available = (channel: NotificationChannel) => channel !== 'email' || mailConfigured();

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const saved = notificationPreferencesOf(user.id);
	return {
		push: pushSettingsOf(user.id),
		choices: kinds.map((kind) => ({
			kind,
			channels: notificationChannels.map((channel) => ({
				channel,
				name: key(kind, channel),
				offered: channelOffered(kind, channel),
				enabled: channelEnabled(kind, channel, saved)
			}))
		})),
		email: { available: mailConfigured(), delayMinutes: EMAIL_DELAY_MS / 60_000 }
	};
};

// One checkbox per kind and channel: a ticked box sends "on", an unticked one nothing.
const schema = v.object(
	Object.fromEntries(
		kinds.flatMap((kind) =>
			notificationChannels.map((channel) => [key(kind, channel), v.optional(v.literal('on'))])
		)
	)
);

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(schema, await event.request.formData());
		// Nothing to refuse: every field is optional and anything else is ignored.
		const sent = parsed.ok ? parsed.data : {};
		// A disabled box sends nothing: a channel the server cannot deliver, or a kind it is not
		// offered for, keeps what was saved (or its default) instead of turning off.
		saveNotificationPreferences(
			user.id,
			kinds.flatMap((kind) =>
				notificationChannels
					.filter((channel) => available(channel) && channelOffered(kind, channel))
					.map((channel) => ({
						kind,
						channel,
						enabled: sent[key(kind, channel)] === 'on'
					}))
			)
		);
		return { saved: true };
	}
};

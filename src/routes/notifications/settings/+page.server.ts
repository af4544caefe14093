import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
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
import {
	PUSH_ENDPOINT_COOKIE,
	pushSettingsOf,
	rememberPushEndpoint,
	removePushDevice
} from '$lib/server/notifications/push';
import type { Actions, PageServerLoad } from './$types';

const key = (kind: string, channel: string) => `${kind}.${channel}`;

const kinds = notificationKinds;

/** Channels this server can deliver: no email without SMTP (its column is shown disabled). */
const available = (channel: NotificationChannel) => channel !== 'email' || mailConfigured();

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const saved = notificationPreferencesOf(user.id);
	return {
		push: pushSettingsOf(user.id, event.cookies.get(PUSH_ENDPOINT_COOKIE)),
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

const removeDeviceSchema = v.object({
	device: v.pipe(v.string(), v.minLength(1), v.maxLength(100))
});

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(schema, await event.request.formData());
		// Nothing to refuse: every field is optional and anything else is ignored.
		const sent = parsed.ok ? parsed.data : {};
		// A disabled box sends nothing: a channel the server cannot deliver, or a kind it is not
		// offered for, keeps what was saved (or its default) instead of turning off. So do a
		// kind's other channels while "In Hameau" is off for it, before or now: every way of
		// telling goes through the notification in Hameau, and the grid greys them meanwhile.
		const saved = notificationPreferencesOf(user.id);
		saveNotificationPreferences(
			user.id,
			kinds.flatMap((kind) => {
				const inApp = sent[key(kind, 'in_app')] === 'on';
				const wasInApp = channelEnabled(kind, 'in_app', saved);
				return notificationChannels
					.filter((channel) => available(channel) && channelOffered(kind, channel))
					.filter((channel) => channel === 'in_app' || (inApp && wasInApp))
					.map((channel) => ({
						kind,
						channel,
						enabled: sent[key(kind, channel)] === 'on'
					}));
			})
		);
		return { saved: true };
	},
	/** Forgets one of their devices (a lost phone, say); works without JavaScript. */
	removeDevice: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(removeDeviceSchema, await event.request.formData());
		const endpoint = parsed.ok ? removePushDevice(user.id, parsed.data.device) : null;
		// Removed from another tab a moment ago, or never theirs: the same answer.
		if (endpoint === null) return fail(404, { deviceError: m.delivery_push_device_gone() });
		// This browser's own: it no longer counts as subscribed, even before it unsubscribes.
		if (endpoint === event.cookies.get(PUSH_ENDPOINT_COOKIE)) {
			rememberPushEndpoint(event.cookies, event.url, null);
		}
		return { deviceRemoved: true };
	}
};

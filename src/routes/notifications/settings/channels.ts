import type { NotificationChannel } from '$lib/server/db/schema';

/** The channels a person can choose today (push and email wait for their delivery). */
export const SHOWN_CHANNELS = [
	'in_app',
	'browser'
] as const satisfies readonly NotificationChannel[];

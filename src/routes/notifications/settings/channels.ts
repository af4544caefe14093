import type { NotificationChannel } from '$lib/server/db/schema';

/** The channels a person can choose today (push waits for its delivery). */
export const SHOWN_CHANNELS = [
	'in_app',
	'browser',
	'email'
] as const satisfies readonly NotificationChannel[];

import type { NotificationChannel } from '$lib/server/db/schema';

/** The channels a person can choose. */
export const SHOWN_CHANNELS = [
	'in_app',
	'browser',
	'push',
	'email'
] as const satisfies readonly NotificationChannel[];

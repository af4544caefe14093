import type { NotificationChannel } from '$lib/server/db/schema';

/** The channels a person can choose today (email waits for its delivery). */
export const SHOWN_CHANNELS = [
	'in_app',
	'browser',
	'push'
] as const satisfies readonly NotificationChannel[];

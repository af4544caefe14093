// Calendar apps fetch a feed every few minutes to every few hours; a script hammering one URL
// should not cost the server more than that. Per person (a reset token keeps the same budget).
import { RateLimiter } from '../auth/rate-limit';
import { processSingleton } from '../process-singleton';

/** Fetches of one person's feed allowed per window. */
export const FEED_FETCHES_PER_WINDOW = 30;
const WINDOW_MS = 5 * 60_000;

const limiter = () =>
	processSingleton(
		'hameau.calendar.feed-limiter',
		() => new RateLimiter(FEED_FETCHES_PER_WINDOW, WINDOW_MS)
	);

/** Counts one fetch; how many ms to wait when over the limit, else 0. */
export function feedFetchWait(userId: string, now = Date.now()): number {
	return limiter().consume(userId, now);
}

// What the service worker does with each request, decided apart from the worker so it can be
// tested. It keeps only what is the same for everyone: the built app (scripts, styles, icons) and
// the offline page. Everything else goes to the network untouched and is never stored — pages,
// their data, the API, live events, the collaboration and media sockets, calendar feeds, auth.

/** The page shown instead of the browser's error when a page cannot be reached. */
export const OFFLINE_PAGE = '/offline';

export type RequestHandling =
	/** From the cache, as it was built (its name changes with its content). */
	| 'shell'
	/** A page: from the network; the offline page when there is none. */
	| 'page'
	/** Not the worker's business: the browser fetches it as if there were no worker. */
	| 'network';

type RequestFacts = { url: URL; method: string; mode: RequestMode; origin: string };

export function requestHandling(
	{ url, method, mode, origin }: RequestFacts,
	shell: ReadonlySet<string>
): RequestHandling {
	if (method !== 'GET' || url.origin !== origin) return 'network';
	if (shell.has(url.pathname)) return 'shell';
	// Pages may be opened from another site or the home screen: only the browser's own page loads,
	// and never the endpoints that answer a link with a file or a redirect (the calendar's .ics,
	// /logout), whose error must stay theirs.
	if (mode === 'navigate' && !/\.[a-z0-9]+$/i.test(url.pathname)) return 'page';
	return 'network';
}

// Registers the service worker, and registers it again when its install failed.
//
// SvelteKit's own registration (kit.serviceWorker.register) calls register() once, at the page's
// load event, and never again while the app runs. An install that failed — a weak link dropping
// the fetch of the offline page, a server restarting — left the device without its offline page
// until the next full page load, which in this single-page app can be days away. Here a failed
// install is tried again after a growing pause, and at once when the browser is back online.

/** Pauses before the next try after a failed install; the last one repeats. */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000];

export type WorkerRegistrationOptions = {
	/** Where the worker's script is served. */
	scriptUrl: string;
	/** Options for register() (in development SvelteKit serves the worker as a module). */
	registerOptions?: RegistrationOptions;
	container?: Pick<ServiceWorkerContainer, 'register'>;
	/** Where `online` and `load` are listened for. */
	target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
	/** Whether the page has finished loading (register then, not while the page still loads). */
	loaded?: () => boolean;
};

/** Starts keeping the worker registered; the returned function stops (for tests and teardown). */
export function keepWorkerRegistered({
	scriptUrl,
	registerOptions,
	container = navigator.serviceWorker,
	target = window,
	loaded = () => document.readyState === 'complete'
}: WorkerRegistrationOptions): () => void {
	let stopped = false;
	let failures = 0;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;
	let attempting = false;

	function retryLater(): void {
		if (stopped) return;
		const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
		failures += 1;
		clearTimeout(retryTimer);
		retryTimer = setTimeout(attempt, delay);
	}

	async function attempt(): Promise<void> {
		if (stopped || attempting) return;
		clearTimeout(retryTimer);
		retryTimer = undefined;
		attempting = true;
		try {
			const registration = await container.register(scriptUrl, registerOptions);
			const installing = registration.installing ?? registration.waiting;
			// An active worker already serves this site: a failed update leaves it in place, and
			// the browser checks for updates by itself on later navigations.
			if (registration.active || !installing) {
				failures = 0;
				return;
			}
			installing.addEventListener('statechange', () => {
				if (installing.state === 'activated') failures = 0;
				else if (installing.state === 'redundant' && !registration.active) retryLater();
			});
		} catch (error) {
			// Offline, or the script could not be fetched: the browser said why.
			console.warn('the service worker could not be registered', error);
			retryLater();
		} finally {
			attempting = false;
		}
	}

	// Back online after a failure: try now rather than at the end of the pause.
	function onOnline(): void {
		if (retryTimer !== undefined) void attempt();
	}

	// Registering while the page still loads would compete with it on a weak link.
	function onLoad(): void {
		void attempt();
	}

	target.addEventListener('online', onOnline);
	if (loaded()) void attempt();
	else target.addEventListener('load', onLoad, { once: true });

	return () => {
		stopped = true;
		clearTimeout(retryTimer);
		target.removeEventListener('online', onOnline);
		target.removeEventListener('load', onLoad);
	};
}

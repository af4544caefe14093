/**
 * Whether a client-side error is a fetch that failed on the network: a page's module (Chrome's
 * "Failed to fetch dynamically imported module", Safari's "Importing a module script failed",
 * Firefox's "error loading dynamically imported module") or its data ("Failed to fetch",
 * "NetworkError when attempting to fetch resource", "Load failed"). Browsers raise all of them as
 * TypeError, and never for a response that came back with an error status.
 */
export function isLoadFailure(error: unknown): boolean {
	return (
		error instanceof TypeError &&
		/dynamically imported module|importing a module script failed|failed to fetch|networkerror|load failed/i.test(
			error.message
		)
	);
}

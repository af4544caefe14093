// One value per process for state that must not be duplicated: the database connection, the
// logger, the live-events hub, registries of listeners and of what the realtime servers offer the
// app, timers started once. The SvelteKit bundle (build/) and the Node entry with its realtime
// servers (server/) each carry their own copy of every module under src/lib/server, so a module
// variable would exist twice in one process. The value lives on globalThis under a well-known
// symbol instead, and whichever copy asks first creates it.

/**
 * The process's value under `key`, created by `create` the first time any copy of the calling
 * module asks. `key` names one value of one module (`hameau.<what>`); every copy of that
 * module passes the same `create`, so the type it gets back is the one it created.
 */
export function processSingleton<T>(key: string, create: () => T): T {
	const slots = globalThis as typeof globalThis & Record<symbol, unknown>;
	const symbol = Symbol.for(key);
	if (!(symbol in slots)) slots[symbol] = create();
	return slots[symbol] as T;
}

// State of the embedded media process, for /healthz. The supervisor lives in the Node entry
// (server/), the health route in the SvelteKit build: two copies of this module, so the state is
// shared through one well-known global slot rather than a module variable.

export interface MediaStatus {
	/** `running` = answering; `starting`/`restarting` = not yet (again); `stopped` = shut down. */
	state: 'starting' | 'running' | 'restarting' | 'stopped';
	/** How many times the process died and was started again. */
	restarts: number;
	pid: number | null;
	port: number | null;
}

const KEY = Symbol.for('hameau.mediaStatus');
const slot = globalThis as typeof globalThis & { [KEY]?: () => MediaStatus };

/** Called once by the media supervisor. */
export function publishMediaStatus(read: () => MediaStatus): void {
	slot[KEY] = read;
}

/** The embedded media process's state, or null when there is none (external LiveKit, tests). */
export function mediaStatus(): MediaStatus | null {
	return slot[KEY]?.() ?? null;
}

// State of the embedded media process, for /healthz. The supervisor lives in the Node entry
// (server/), the health route in the SvelteKit build: two copies of this module, so the state is
// read through a process singleton rather than a module variable.
import { processSingleton } from './process-singleton.ts';

export interface MediaStatus {
	/** `running` = answering; `starting`/`restarting` = not yet (again); `stopped` = shut down. */
	state: 'starting' | 'running' | 'restarting' | 'stopped';
	/** How many times the process died and was started again. */
	restarts: number;
	pid: number | null;
	port: number | null;
}

const published = () =>
	processSingleton<{ read?: () => MediaStatus }>('hameau.mediaStatus', () => ({}));

/** Called once by the media supervisor. */
export function publishMediaStatus(read: () => MediaStatus): void {
	published().read = read;
}

/** The embedded media process's state, or null when there is none (external LiveKit, tests). */
export function mediaStatus(): MediaStatus | null {
	return published().read?.() ?? null;
}

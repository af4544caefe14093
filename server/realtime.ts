import { UpgradeRouter } from './upgrade-router';

/**
 * The realtime side of the process: one upgrade router that the realtime servers plug into.
 * Both `server/index.ts` (production) and the Vite plugin (dev) build it through this function,
 * so the two behave alike.
 */
export function createRealtime(): { router: UpgradeRouter; stop: () => Promise<void> } {
	const router = new UpgradeRouter();
	// Realtime servers (collaboration, live events, media signalling) register their paths here.
	return {
		router,
		async stop() {
			router.closeAll();
		}
	};
}

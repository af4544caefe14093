import { liveHub } from '../src/lib/server/live/hub';
import { CollabServer, type CollabServerOptions } from './collab';
import type { MediaSupervisor } from './media/supervisor';
import { UpgradeRouter } from './upgrade-router';

export type RealtimeOptions = {
	/** Options of the collaboration server at /collab. */
	collab?: CollabServerOptions;
	/** The embedded media process, when there is one: /rtc upgrades are forwarded to it. */
	media?: MediaSupervisor | null;
};

/**
 * The realtime side of the process: one upgrade router that the realtime servers plug into.
 * Both `server/index.ts` (production) and the Vite plugin (dev) build it through this function,
 * so the two behave alike.
 */
export function createRealtime(options: RealtimeOptions = {}): {
	router: UpgradeRouter;
	collab: CollabServer;
	stop: () => Promise<void>;
} {
	const router = new UpgradeRouter();
	const collab = new CollabServer(options.collab);
	collab.start();
	router.register('/collab', collab.handleUpgrade);
	const media = options.media;
	if (media)
		router.register('/rtc', (request, socket, head) => media.forwardUpgrade(request, socket, head));
	return {
		router,
		collab,
		async stop() {
			// The collaboration server writes its documents out before any socket is cut.
			await collab.stop();
			router.closeAll();
			// Live-events streams (SSE, served by the app) never end by themselves.
			liveHub().closeAll();
		}
	};
}

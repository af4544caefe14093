import type { Plugin, ViteDevServer } from 'vite';
import { logger } from '../src/lib/server/logger.ts';
import { settleEmbeddedMediaEnv } from './embedded-media-env.ts';
import { isMediaPath, MediaSupervisor } from './media/supervisor.ts';
import type { createRealtime } from './realtime.ts';

/**
 * Wires the production upgrade router into `vite dev`. The realtime module is loaded through
 * Vite's SSR loader so it shares modules (database, sessions) with the SvelteKit app in dev.
 */
export function realtimeDevPlugin(): Plugin {
	let realtime: Promise<ReturnType<typeof createRealtime>> | undefined;
	let media: MediaSupervisor | null = null;
	const load = (server: ViteDevServer) =>
		(realtime ??= server
			.ssrLoadModule('/server/realtime.ts')
			.then((mod) => (mod as { createRealtime: typeof createRealtime }).createRealtime({ media })));
	return {
		name: 'hameau-realtime',
		apply: 'serve',
		configureServer(server) {
			// The embedded media server, as in production (docs/media.md), when no LiveKit
			// deployment is configured. Vitest builds a Vite server too, without an HTTP server:
			// no media process there.
			if (server.httpServer && !process.env.VITEST && !process.env.LIVEKIT_URL) {
				const port = server.config.server.port ?? 5173;
				// An address set by hand wins in dev: Vite may listen elsewhere than its configured port.
				settleEmbeddedMediaEnv(process.env.HAMEAU_MEDIA_API_URL ?? `http://127.0.0.1:${port}`);
				media = new MediaSupervisor({ log: logger() });
				void media.start();
				const supervisor = media;
				server.middlewares.use((req, res, next) => {
					if (isMediaPath(req.url)) supervisor.forwardRequest(req, res);
					else next();
				});
			}
			server.httpServer?.on('upgrade', (request, socket, head) => {
				// Vite's own HMR and ping sockets are left to Vite's listener.
				if (request.headers['sec-websocket-protocol']?.startsWith('vite-')) return;
				load(server)
					.then(({ router }) => router.route(request, socket, head))
					.catch((error: unknown) => {
						server.config.logger.error(`realtime upgrade failed: ${String(error)}`);
						socket.destroy();
					});
			});
			server.httpServer?.once('close', () => {
				void realtime?.then((r) => r.stop());
				void media?.stop();
			});
		}
	};
}

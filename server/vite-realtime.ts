import type { Plugin, ViteDevServer } from 'vite';
import type { createRealtime } from './realtime';
import { refuseUpgrade } from './upgrade-router';

/**
 * Wires the production upgrade router into `vite dev`. The realtime module is loaded through
 * Vite's SSR loader so it shares modules (database, sessions) with the SvelteKit app in dev.
 */
export function realtimeDevPlugin(): Plugin {
	let realtime: Promise<ReturnType<typeof createRealtime>> | undefined;
	const load = (server: ViteDevServer) =>
		(realtime ??= server
			.ssrLoadModule('/server/realtime.ts')
			.then((mod) => (mod as { createRealtime: typeof createRealtime }).createRealtime()));
	return {
		name: 'hameau-realtime',
		apply: 'serve',
		configureServer(server) {
			server.httpServer?.on('upgrade', (request, socket, head) => {
				// Vite's own HMR and ping sockets are left to Vite's listener.
				if (request.headers['sec-websocket-protocol']?.startsWith('vite-')) return;
				load(server)
					.then(({ router }) => {
						if (!router.handle(request, socket, head)) refuseUpgrade(socket, 404, 'Not Found');
					})
					.catch((error: unknown) => {
						server.config.logger.error(`realtime upgrade failed: ${String(error)}`);
						socket.destroy();
					});
			});
			server.httpServer?.once('close', () => {
				void realtime?.then((r) => r.stop());
			});
		}
	};
}

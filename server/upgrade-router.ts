import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { refuseUpgrade } from './refuse-upgrade';

/** Takes over an upgrade request: authenticate, then upgrade or answer with a plain HTTP error. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Routes WebSocket upgrade requests by path prefix to the realtime servers (/collab, /rtc; live
 * events are Server-Sent Events served by SvelteKit, not an upgrade). It owns no protocol itself;
 * it remembers open sockets so shutdown can close them.
 */
export class UpgradeRouter {
	private readonly routes: Array<{ prefix: string; handler: UpgradeHandler }> = [];
	private readonly sockets = new Set<Duplex>();

	/** Routes `prefix` itself and every path below it (`/collab` takes `/collab/abc`). */
	register(prefix: string, handler: UpgradeHandler): void {
		if (!prefix.startsWith('/') || prefix.endsWith('/')) {
			throw new Error(`upgrade route "${prefix}" must start with / and not end with /`);
		}
		if (this.routes.some((route) => route.prefix === prefix)) {
			throw new Error(`upgrade route "${prefix}" is already registered`);
		}
		this.routes.push({ prefix, handler });
		// Longest prefix first, so /rtc/v1 can be routed apart from /rtc.
		this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
	}

	/** The handler for a request path, if any route takes it. */
	match(url: string | undefined): UpgradeHandler | undefined {
		const path = (url ?? '/').split('?')[0];
		return this.routes.find((route) => path === route.prefix || path.startsWith(`${route.prefix}/`))
			?.handler;
	}

	/**
	 * Hands the request to its route, or answers 404 when no route takes it. Upgrades that belong
	 * to another listener (Vite's HMR in dev) must be left out before they reach the router.
	 */
	route(request: IncomingMessage, socket: Duplex, head: Buffer): void {
		const handler = this.match(request.url);
		if (!handler) return refuseUpgrade(socket, 404, 'Not Found');
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
		handler(request, socket, head);
	}

	/** Ends every socket the router handed out (used at shutdown). */
	closeAll(): void {
		for (const socket of this.sockets) socket.destroy();
		this.sockets.clear();
	}

	get openSockets(): number {
		return this.sockets.size;
	}
}

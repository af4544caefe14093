import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

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
	 * Hands the request to its route; returns false (touching nothing) when no route takes it,
	 * so the caller can answer 404 or leave it to another listener (Vite's HMR in dev).
	 */
	handle(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		const handler = this.match(request.url);
		if (!handler) return false;
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
		handler(request, socket, head);
		return true;
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

/** Answers an upgrade request with a plain HTTP response and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
	const body = `${reason}\n`;
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
			`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
}

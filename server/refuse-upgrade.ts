// How this process says no to a WebSocket upgrade. Before the handshake the socket still speaks
// HTTP/1.1, and Node hands the raw socket over: the answer is a response written by hand, after
// which the socket closes. Every refusal goes through here, so each one is well-formed (a length,
// `Connection: close`) and a browser or `ws` client reports its status.
import type { Duplex } from 'node:stream';

/** What a refusal may say besides its status line. */
export type UpgradeRefusal = {
	/** The text of the body, one line; the reason phrase when unset, no body when empty. */
	message?: string;
	/** Headers sent after `Connection: close` (`Retry-After`, `Access-Control-Allow-Origin`). */
	headers?: Record<string, string>;
};

/** Answers an upgrade request with a plain HTTP response and closes the socket. */
export function refuseUpgrade(
	socket: Duplex,
	status: number,
	reason: string,
	refusal: UpgradeRefusal = {}
): void {
	const text = refusal.message ?? reason;
	const body = text === '' ? '' : `${text}\n`;
	const head = [`HTTP/1.1 ${status} ${reason}`, 'Connection: close'];
	for (const [name, value] of Object.entries(refusal.headers ?? {})) head.push(`${name}: ${value}`);
	if (body !== '') head.push('Content-Type: text/plain; charset=utf-8');
	head.push(`Content-Length: ${Buffer.byteLength(body)}`);
	socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

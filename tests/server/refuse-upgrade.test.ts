// The bytes of a refused upgrade, for each kind of refusal the process makes: the servers behind
// the upgrade router (a reason only), the media server (its own message, open to every origin)
// and the media supervisor while the media process is down (no body, come back in a second).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { refuseUpgrade, type UpgradeRefusal } from '../../server/refuse-upgrade';

function written(status: number, reason: string, refusal?: UpgradeRefusal) {
	const socket = new PassThrough();
	refuseUpgrade(socket, status, reason, refusal);
	return { text: String(socket.read()), ended: socket.writableEnded };
}

describe('refuseUpgrade', () => {
	it('answers with the reason as body and ends the socket', () => {
		expect(written(404, 'Not Found')).toEqual({
			text:
				'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
				'Content-Length: 10\r\n\r\nNot Found\n',
			ended: true
		});
	});

	it('sends its own message and extra headers after Connection', () => {
		const refusal = { message: 'invalid token', headers: { 'Access-Control-Allow-Origin': '*' } };
		expect(written(401, 'Unauthorized', refusal).text).toBe(
			'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nAccess-Control-Allow-Origin: *\r\n' +
				'Content-Type: text/plain; charset=utf-8\r\nContent-Length: 14\r\n\r\ninvalid token\n'
		);
	});

	it('counts the body in bytes, not characters', () => {
		expect(written(403, 'Forbidden', { message: 'refusé' }).text).toContain(
			'Content-Length: 8\r\n\r\nrefusé\n'
		);
	});

	it('sends no body and no content type for an empty message', () => {
		const refusal = { message: '', headers: { 'Retry-After': '1' } };
		expect(written(503, 'Service Unavailable', refusal).text).toBe(
			'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n'
		);
	});
});

// Twirp errors: a code from the Twirp spec, its HTTP status, and the JSON body
// `{"code": ..., "msg": ...}` that livekit-server-sdk's TwirpRpc reads back.
import type { ServerResponse } from 'node:http';

/** HTTP status of each Twirp error code (twirp/errors.go ServerHTTPStatusFromErrorCode). */
export const twirpStatus = {
	canceled: 408,
	unknown: 500,
	invalid_argument: 400,
	malformed: 400,
	deadline_exceeded: 408,
	not_found: 404,
	bad_route: 404,
	already_exists: 409,
	permission_denied: 403,
	unauthenticated: 401,
	resource_exhausted: 429,
	failed_precondition: 412,
	aborted: 409,
	out_of_range: 400,
	unimplemented: 501,
	internal: 500,
	unavailable: 503,
	dataloss: 500
} as const;

export type TwirpCode = keyof typeof twirpStatus;

/** An expected failure of a Twirp call, answered as Twirp JSON. */
export class TwirpError extends Error {
	constructor(
		readonly code: TwirpCode,
		message: string
	) {
		super(message);
		this.name = 'TwirpError';
	}

	get status(): number {
		return twirpStatus[this.code];
	}
}

export function isTwirpCode(code: string): code is TwirpCode {
	return Object.hasOwn(twirpStatus, code);
}

/**
 * Writes the error as Twirp does. The content type must be exactly `application/json`: the SDK
 * compares it verbatim before parsing the body.
 */
export function writeTwirpError(res: ServerResponse, code: TwirpCode, msg: string): void {
	const body = JSON.stringify({ code, msg });
	res.writeHead(twirpStatus[code], {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(body)
	});
	res.end(body);
}

// A client that closes its connection while sending a body (a tab closed mid-upload, a dropped
// network) makes reading the body fail with Node's "aborted" error. Nothing is wrong on our side
// and nobody is left to answer, so it is not reported as an unexpected error.

/** Whether `error` (or what it wraps) is the request body cut off by the client leaving. */
export function isClientAbort(error: unknown): boolean {
	for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
		if ((current as NodeJS.ErrnoException).code === 'ECONNRESET') return true;
		current = current.cause;
	}
	return false;
}

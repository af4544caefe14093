// What `request.formData()` answers for a body it cannot read, once the hooks have installed
// refuseUnreadableForms: a status and a message the person can act on, never a 500.
import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { isFormTooLarge, refuseUnreadableForms } from '../../src/lib/server/forms';

/** A multipart POST whose body stream fails with `cause` (as adapter-node's does past its limit). */
function failingForm(cause: unknown): Request {
	const body = new ReadableStream({ start: (controller) => controller.error(cause) });
	const request = new Request('http://localhost/x', {
		method: 'POST',
		headers: { 'content-type': 'multipart/form-data; boundary=b' },
		body,
		duplex: 'half'
	} as RequestInit);
	refuseUnreadableForms(request);
	return request;
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected a rejection');
}

describe('a form the server cannot read', () => {
	it('past the body limit: 413, "too large", which a form action can tell apart', async () => {
		// SvelteKit's own error for BODY_SIZE_LIMIT carries status 413.
		const limit = Object.assign(new Error('Content-length of 900000 exceeds limit'), {
			status: 413
		});
		const error = await thrown(failingForm(limit).formData());
		expect(isHttpError(error, 413)).toBe(true);
		expect(isFormTooLarge(error)).toBe(true);
		expect((error as { body: { message: string } }).body.message).toBe(
			'This form is too large to send (a file in it, most likely).'
		);
	});

	it('cut off or malformed: 400, "could not be read", not "too large"', async () => {
		const error = await thrown(failingForm(new Error('socket hang up')).formData());
		expect(isHttpError(error, 400)).toBe(true);
		expect(isFormTooLarge(error)).toBe(false);
	});

	it('not a form at all: 415', async () => {
		const request = new Request('http://localhost/x', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		refuseUnreadableForms(request);
		expect(isHttpError(await thrown(request.formData()), 415)).toBe(true);
	});
});

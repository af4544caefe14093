// A stream whose right ends between two of its checks (a session that expired, a change made by
// another process) says why before it ends, as one the app ends at once does (live-events.test.ts):
// the page then stops and says so instead of retrying against a 401 or 404 it cannot read.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeUser } from '../helpers/factories';
import {
	createSession,
	generateSessionToken,
	invalidateSession
} from '../../src/lib/server/auth/session';
import { liveEventsResponse } from '../../src/lib/server/live/sse';

useTempDatabase();

/** Everything the stream sends until it ends. */
async function readAll(response: Response): Promise<string> {
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return text;
		text += decoder.decode(value, { stream: true });
	}
}

async function streamOf(allowed: { now: boolean }) {
	const user = await makeUser('Nadia');
	const session = createSession(generateSessionToken(), user.id);
	const response = liveEventsResponse({
		channel: 'company-sse-ended',
		userId: user.id,
		sessionId: session.id,
		lastEventId: null,
		pingIntervalMs: 10,
		stillAllowed: () => allowed.now,
		presence: false
	});
	return { response, session };
}

describe('a stream whose right ends between its checks', () => {
	it('ends at the next check, saying the access ended when the session is still valid', async () => {
		const allowed = { now: true };
		const { response } = await streamOf(allowed);
		const text = readAll(response);
		allowed.now = false;
		const sent = await text;
		expect(sent.endsWith('event: ended\ndata: {"reason":"access"}\n\n')).toBe(true);
	});

	it('says the session ended when it did', async () => {
		const allowed = { now: true };
		const { response, session } = await streamOf(allowed);
		const text = readAll(response);
		invalidateSession(session.id);
		allowed.now = false;
		expect((await text).endsWith('event: ended\ndata: {"reason":"session"}\n\n')).toBe(true);
	});
});

import { text } from '@sveltejs/kit';
import { receiveWebhook } from '$lib/server/video/webhook';
import type { RequestHandler } from './$types';

/** LiveKit (or the embedded media server) reports who joined and left which room. */
export const POST: RequestHandler = async ({ request }) => {
	const outcome = await receiveWebhook(await request.text(), request.headers.get('authorization'));
	return text(outcome.status === 200 ? 'ok' : outcome.message, { status: outcome.status });
};

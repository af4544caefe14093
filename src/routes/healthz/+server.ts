import { json } from '@sveltejs/kit';
import { databaseAnswers } from '$lib/server/db';
import { mediaStatus } from '$lib/server/media-status';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => {
	if (!databaseAnswers())
		return json({ status: 'unavailable', reason: 'database' }, { status: 503 });
	const media = mediaStatus();
	// No embedded media server (LIVEKIT_URL set): nothing more to report.
	if (!media) return json({ status: 'ok' });
	const body = { media: { state: media.state, restarts: media.restarts } };
	return media.state === 'running'
		? json({ status: 'ok', ...body })
		: json({ status: 'unavailable', reason: 'media', ...body }, { status: 503 });
};

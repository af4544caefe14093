import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { moderate, moderationActions } from '$lib/server/video/moderation';
import { requireRoom } from '../require-room.server';
import type { RequestHandler } from './$types';

const bodySchema = v.object({
	action: v.picklist(moderationActions),
	identity: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100)))
});

/** Managers mute, remove or end, through the media server's API. */
export const POST: RequestHandler = async (event) => {
	const { access, room } = requireRoom(event, 'manager');
	const parsed = v.safeParse(bodySchema, await event.request.json().catch(() => null));
	if (!parsed.success) error(400, 'Expected { action, identity }');
	const { action, identity } = parsed.output;
	if (action !== 'end' && !identity) error(400, 'identity is required');
	// The person muted is told who did it (their call says so).
	const outcome = await moderate(access.company.id, room, action, identity ?? '', {
		name: event.locals.user!.name
	});
	if (outcome === 'not_in_room') error(404, 'Not in this room');
	if (outcome === 'unavailable') error(503, 'Video is not available on this server');
	if (outcome === 'failed') error(502, 'The media server did not answer');
	return json({ ok: true });
};

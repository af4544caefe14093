import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { CHAT_MESSAGE_MAX, saveChatMessage } from '$lib/server/video/chat';
import { requireRoom } from '../require-room.server';
import type { RequestHandler } from './$types';

const bodySchema = v.object({
	id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/)),
	body: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(CHAT_MESSAGE_MAX))
});

/** The sender saves its own message (sent live over LiveKit) into the room's history. */
export const POST: RequestHandler = async (event) => {
	const { access, room } = requireRoom(event);
	const parsed = v.safeParse(bodySchema, await event.request.json().catch(() => null));
	if (!parsed.success) {
		error(400, `Expected { id, body } with a body of 1 to ${CHAT_MESSAGE_MAX} characters`);
	}
	const { saved } = saveChatMessage(room.id, access.userId, parsed.output.id, parsed.output.body);
	return json({ saved }, { status: saved ? 201 : 200 });
};

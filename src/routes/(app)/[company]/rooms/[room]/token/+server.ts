import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { requireUser } from '$lib/server/auth/guard';
import { browserLiveKitUrl, liveKitKeys } from '$lib/server/video/livekit';
import { participantHouse } from '$lib/server/video/participant-house';
import { mintRoomToken } from '$lib/server/video/tokens';
import { requireRoom } from '../require-room.server';
import type { RequestHandler } from './$types';

const bodySchema = v.object({ roomDevice: v.optional(v.boolean(), false) });

/** `{ url, token }` for one room, only to members allowed in it (everyone else: 404). */
export const POST: RequestHandler = async (event) => {
	const { access, room } = requireRoom(event);
	let raw: unknown = {};
	const text = await event.request.text();
	if (text) {
		try {
			raw = JSON.parse(text);
		} catch {
			error(400, 'The body must be JSON');
		}
	}
	const parsed = v.safeParse(bodySchema, raw);
	if (!parsed.success) error(400, 'roomDevice must be true or false');
	const keys = liveKitKeys();
	if (!keys) error(503, 'Video is not available on this server');
	const { house, roomDevice } = participantHouse(
		access.company.id,
		access.userId,
		room,
		parsed.output.roomDevice
	);
	const user = requireUser(event);
	const session = event.locals.session;
	if (!session) error(401, 'Sign in first');
	const token = await mintRoomToken({
		keys,
		livekitRoom: room.livekitName,
		userId: access.userId,
		sessionId: session.id,
		name: user.name,
		metadata: {
			houseId: house?.id ?? null,
			houseName: house?.name ?? null,
			role: access.role,
			roomDevice
		}
	});
	return json(
		{ url: browserLiveKitUrl(event.url), token },
		{ headers: { 'cache-control': 'no-store' } }
	);
};

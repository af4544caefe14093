import { json } from '@sveltejs/kit';
import { roomDeviceHouseFor } from '$lib/server/video/participant-house';
import { requireRoom } from '../require-room.server';
import type { RequestHandler } from './$types';

/**
 * `{ house }`: the room's house when it is the member's home house and a room device is in this
 * house room, else null. Pre-join
 * asks again whenever occupancy changes, so a room device arriving turns the microphone off.
 */
export const GET: RequestHandler = (event) => {
	const { access, room } = requireRoom(event);
	return json(
		{ house: roomDeviceHouseFor(access.company.id, access.userId, room) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};

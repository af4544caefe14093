import { json } from '@sveltejs/kit';
import { roomDeviceHouseFor } from '$lib/server/video/rooms';
import { requireRoom } from '../require-room.server';
import type { RequestHandler } from './$types';

/**
 * `{ house }`: the member's house when a room device of it is in this room, else null. Pre-join
 * asks again whenever occupancy changes, so a room device arriving turns the microphone off.
 */
export const GET: RequestHandler = (event) => {
	const { access, room } = requireRoom(event);
	return json(
		{ house: roomDeviceHouseFor(access.company.id, access.userId, room.id) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};

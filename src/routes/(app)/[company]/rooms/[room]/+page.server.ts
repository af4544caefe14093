import { hasRole } from '$lib/server/companies/companies';
import { requireUser } from '$lib/server/auth/guard';
import { chatHistory, CHAT_MESSAGE_MAX } from '$lib/server/video/chat';
import { liveKitKeys } from '$lib/server/video/livekit';
import { companyOccupancy, homeHouseOf } from '$lib/server/video/rooms';
import { OCCUPANCY_DEPENDENCY } from '../format';
import { requireRoom } from './require-room.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { access, room } = requireRoom(event);
	// Reloaded when occupancy changes: a room device arriving turns pre-join's microphone off.
	event.depends(OCCUPANCY_DEPENDENCY);
	const user = requireUser(event);
	const house = homeHouseOf(access.company.id, access.userId);
	// A room device already carries the member's house here: their microphone starts off.
	const roomDeviceHere =
		house !== null &&
		companyOccupancy(access.company.id).some(
			(o) => o.roomId === room.id && o.roomDevice && o.houseId === house.id && o.userId !== user.id
		);
	return {
		room: {
			id: room.id,
			kind: room.kind,
			name: room.name,
			description: room.description
		},
		me: { userId: user.id, name: user.name, houseName: house?.name ?? null },
		roomDeviceHouse: roomDeviceHere ? house.name : null,
		canModerate: hasRole(access.role, 'manager'),
		videoAvailable: liveKitKeys() !== null,
		chat: chatHistory(room.id).map((message) => ({
			id: message.id,
			userId: message.userId,
			name: message.name,
			body: message.body,
			at: message.at.getTime()
		})),
		chatMax: CHAT_MESSAGE_MAX
	};
};

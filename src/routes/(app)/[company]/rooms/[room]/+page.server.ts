import { hasRole } from '$lib/server/companies/companies';
import { requireUser } from '$lib/server/auth/guard';
import { chatHistory, CHAT_MESSAGE_MAX } from '$lib/server/video/chat';
import { liveKitKeys } from '$lib/server/video/livekit';
import { homeHouseOf, roomDeviceHouseFor } from '$lib/server/video/rooms';
import { requireRoom } from './require-room.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { access, room } = requireRoom(event);
	const user = requireUser(event);
	const house = homeHouseOf(access.company.id, access.userId);
	return {
		room: {
			id: room.id,
			kind: room.kind,
			name: room.name,
			description: room.description
		},
		me: { userId: user.id, name: user.name, houseName: house?.name ?? null },
		roomDeviceHouse: roomDeviceHouseFor(access.company.id, user.id, room.id),
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

import { hasRole } from '$lib/server/companies/companies';
import { requireUser } from '$lib/server/auth/guard';
import { callPageData } from '$lib/server/video/call-page';
import { linkBudgetFor } from '$lib/server/video/link-budget';
import { memberHouseNow, roomDeviceHouseFor } from '$lib/server/video/participant-house';
import { requireRoom } from './require-room.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { access, room } = requireRoom(event);
	const user = requireUser(event);
	// The house this person stands for in the call, as their token will say (participant-house.ts).
	const house = memberHouseNow(access.company.id, access.userId);
	const call = callPageData(room.id);
	return {
		room: {
			id: room.id,
			kind: room.kind,
			name: room.name,
			description: room.description
		},
		me: { userId: user.id, name: user.name, houseName: house?.name ?? null },
		roomDeviceHouse: roomDeviceHouseFor(access.company.id, user.id, room),
		canModerate: hasRole(access.role, 'manager'),
		videoAvailable: call.available,
		chat: call.chat,
		chatMax: call.chatMax,
		// The house's link counts this person from the first second, before their join is heard of.
		linkBudget: linkBudgetFor(access.company.id, user.id, room.id)
	};
};

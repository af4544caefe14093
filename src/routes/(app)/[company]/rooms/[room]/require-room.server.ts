import { error, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '$lib/server/db/schema';
import { requireCompany } from '$lib/server/companies/access';
import { roomForMember } from '$lib/server/video/rooms';

/** The company access and the room, for members allowed in it; 404 for everyone else. */
export function requireRoom(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	minimum: Role = 'member'
) {
	const access = requireCompany(event, minimum);
	const roomId = (event.params as { room?: string }).room ?? '';
	const room = roomForMember(access.company.id, access.userId, roomId);
	if (!room) error(404, 'Not Found');
	return { access, room };
}

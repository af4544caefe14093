// What stand-ups add to the video rooms, registered once at start-up (src/hooks.server.ts): who
// may enter a stand-up's room, and the attendance that follows people into and out of it. The
// video module thereby imports nothing from stand-ups, while stand-ups use the rooms (room.ts).
import { onOccupancyChanged } from '../video/occupancy-changed';
import { registerStandupRoomAccess } from '../video/rooms';
import { standupRoomOpenTo } from './room-access';
import { joinFromStandupRooms } from './rounds';

/** Registers the stand-ups' rule and listener with the video rooms (again: no change). */
export function registerStandupRooms(): void {
	registerStandupRoomAccess(standupRoomOpenTo);
	// When this fails, the round's end still closes every stay left open.
	onOccupancyChanged('stand-up visits', joinFromStandupRooms);
}

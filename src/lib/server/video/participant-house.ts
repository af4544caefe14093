// The house a participant stands for in a call: what their tile says after their name, and whose
// room device turns their microphone off. Where they are now, by the board's rule (planned or
// checked in there for this half of their day), as the house's link budget counts them: someone
// visiting another house today sits in that house's meeting room, in reach of its microphone.
// Their home house otherwise (working from home, or nothing planned), as before.
import { currentPlace } from '../../board-groups';
import { presenceBoard } from '../presence/board';
import { companyOccupancy, homeHouseOf, type RoomView } from './rooms';

type House = { id: string; name: string };

/** The house a member is at right now by the board's rule, else their home house (or none). */
export function memberHouseNow(companyId: string, userId: string, now = Date.now()): House | null {
	const board = presenceBoard(companyId, now, new Set([userId]));
	const person = board.people[0];
	const place = person ? currentPlace(person, now) : null;
	const here = place?.kind === 'house' && board.houses.find((house) => house.id === place.houseId);
	return here ? { id: here.id, name: here.name } : homeHouseOf(companyId, userId);
}

/**
 * The house a participant stands for in a room, carried in their LiveKit metadata, and whether
 * they join as a room device. A room device is the screen and microphone of the house whose room
 * it is in, so it stands for that house whatever its account's home house (the laptop of someone
 * living elsewhere, or with no home house, may be it). Room-device mode exists only in house rooms:
 * an all-hands or meeting room has no room of its own, and asking there joins as oneself.
 * Everyone else stands for the house they are at now (memberHouseNow).
 */
export function participantHouse(
	companyId: string,
	userId: string,
	room: Pick<RoomView, 'kind' | 'houseId' | 'name'>,
	asRoomDevice: boolean
): { house: House | null; roomDevice: boolean } {
	if (asRoomDevice && room.kind === 'house' && room.houseId) {
		return { house: { id: room.houseId, name: room.name }, roomDevice: true };
	}
	return { house: memberHouseNow(companyId, userId), roomDevice: false };
}

/**
 * The name of the room's house when the member is at that house now (memberHouseNow) and a room
 * device (someone else's) is in the room right now: their microphone should start off. Null
 * otherwise, and always outside house rooms.
 */
export function roomDeviceHouseFor(
	companyId: string,
	userId: string,
	room: Pick<RoomView, 'id' | 'kind' | 'houseId' | 'name'>
): string | null {
	if (room.kind !== 'house' || !room.houseId) return null;
	// A room device in a house room is that house's, whatever its account's home house.
	const here = companyOccupancy(companyId).some(
		(o) => o.roomId === room.id && o.roomDevice && o.userId !== userId
	);
	if (!here) return null;
	return memberHouseNow(companyId, userId)?.id === room.houseId ? room.name : null;
}

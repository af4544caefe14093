// Room device mode: a house's shared device carries the room's camera and microphone, so the
// people of that house in the same call turn their own microphones off (else the room hears
// itself twice, with echo). Whichever comes first, the person or the room device, the person
// ends up muted and told why; they may turn the microphone back on (they may be in another room
// of the house) and are not muted again while that device stays. A room device itself, or
// someone from another house, is never muted.

/** What the app wrote in a participant's LiveKit metadata. */
export type ParticipantMetadata = {
	houseId: string | null;
	houseName: string | null;
	roomDevice: boolean;
};

export function parseMetadata(metadata: string | undefined): ParticipantMetadata {
	try {
		const data = JSON.parse(metadata || '{}') as Record<string, unknown>;
		return {
			houseId: typeof data.houseId === 'string' ? data.houseId : null,
			houseName: typeof data.houseName === 'string' ? data.houseName : null,
			roomDevice: data.roomDevice === true
		};
	} catch {
		// A participant whose metadata we did not write: show them without a house.
		return { houseId: null, houseName: null, roomDevice: false };
	}
}

type Present = { identity: string; metadata?: string };

/**
 * The room devices of my house in the call that were not seen before, in the order given. Each
 * one mutes me once; the caller adds them to `seen` (and removes one that leaves, so that coming
 * back mutes the house again).
 */
export function newRoomDevicesOfMyHouse(
	me: Present,
	others: Iterable<Present>,
	seen: ReadonlySet<string>
): Array<{ identity: string; houseName: string | null }> {
	const mine = parseMetadata(me.metadata);
	if (mine.roomDevice || !mine.houseId) return [];
	const found: Array<{ identity: string; houseName: string | null }> = [];
	for (const participant of others) {
		const them = parseMetadata(participant.metadata);
		if (!them.roomDevice || them.houseId !== mine.houseId) continue;
		if (seen.has(participant.identity)) continue;
		found.push({ identity: participant.identity, houseName: them.houseName });
	}
	return found;
}

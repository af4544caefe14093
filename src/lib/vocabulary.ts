// The words Hameau stores and shows: roles, places, room kinds, document kinds. The schema takes
// its column enums from here and the pages their lists and types, so a word is written once and
// reaches the database, the forms and the labels together. No imports and nothing secret: the
// schema (drizzle-kit, server/), the server modules and the browser all load this module.

/** A member's role in a company, from the most allowed to the least. */
export const roles = ['owner', 'manager', 'member'] as const;
export type Role = (typeof roles)[number];

/** Whether a value read from outside the schema (an audit entry's details, a form) is a role. */
export function isRole(value: unknown): value is Role {
	return (roles as readonly unknown[]).includes(value);
}

/** Where a person works on a day (or half-day). */
export const placeKinds = ['house', 'home', 'travelling', 'off'] as const;
export type PlaceKind = (typeof placeKinds)[number];

/** The places that are not a house: forms send them as they are, a house as `house:<id>`. */
export const placesOutsideHouses = [
	'home',
	'travelling',
	'off'
] as const satisfies readonly PlaceKind[];
export type PlaceOutsideHouse = (typeof placesOutsideHouses)[number];

export function isPlaceOutsideHouse(value: string): value is PlaceOutsideHouse {
	return (placesOutsideHouses as readonly string[]).includes(value);
}

/** A company's video rooms: one per house, the all-hands, meetings, and one per stand-up. */
export const roomKinds = ['house', 'all_hands', 'meeting', 'standup'] as const;
export type RoomKind = (typeof roomKinds)[number];

/** What a new document starts from. */
export const documentKinds = ['blank', 'weekly_plan', 'meeting_notes', 'standup_notes'] as const;
export type DocumentKind = (typeof documentKinds)[number];

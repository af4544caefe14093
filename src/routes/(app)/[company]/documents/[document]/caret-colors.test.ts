import { describe, expect, it } from 'vitest';
import {
	CARET_COLORS,
	chooseColor,
	colorPreference,
	preferring,
	type ColorHolder
} from './caret-colors';

type Client = ColorHolder & { preference: readonly string[] };

/** What `client` shows after looking at everyone else in `room`. */
function look(client: Client, room: readonly Client[]): string {
	const others = room.filter((other) => other.clientId !== client.clientId);
	return chooseColor({ ...client, current: client.color }, others);
}

/** Everyone looks again, as each does on every awareness change, until nobody changes. */
function settle(room: Client[]): number {
	for (let round = 1; round <= 20; round += 1) {
		const next = room.map((client) => ({ ...client, color: look(client, room) }));
		const changed = next.some((client, i) => client.color !== room[i].color);
		room.splice(0, room.length, ...next);
		if (!changed) return round;
	}
	throw new Error('the colours never settle');
}

/** `clientId` joins `room`: it sees who is there, then takes a colour. */
function join(room: Client[], clientId: number, preference = CARET_COLORS): Client {
	const client: Client = { clientId, color: null, preference };
	client.color = look(client, room);
	room.push(client);
	return client;
}

describe('a person’s preferred colours', () => {
	it('is the whole palette, from a colour the user id gives, the same at every visit', () => {
		const preference = colorPreference('k3jd92hf0slq7x1m4n5b6v8c');
		expect([...preference].sort()).toEqual([...CARET_COLORS].sort());
		expect(colorPreference('k3jd92hf0slq7x1m4n5b6v8c')).toEqual(preference);
		// The palette's order, rotated: neighbours stay neighbours.
		const start = CARET_COLORS.indexOf(preference[0]);
		expect(preference).toEqual([...CARET_COLORS.slice(start), ...CARET_COLORS.slice(0, start)]);
		const firsts = new Set(
			['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((id) => colorPreference(id)[0])
		);
		expect(firsts.size).toBeGreaterThan(1);
	});

	it('puts the colour held before a reconnection first', () => {
		const preference = colorPreference('someone');
		expect(preferring(preference[4], preference)).toEqual([
			preference[4],
			...preference.filter((_, i) => i !== 4)
		]);
		expect(preferring(null, preference)).toEqual(preference);
		expect(preferring('#000000', preference)).toEqual(preference);
	});
});

describe('choosing a colour in a document', () => {
	it('gives everyone a different colour, up to as many people as colours', () => {
		// The worst case: everyone prefers the same colour first (the hash is only a preference).
		const room: Client[] = [];
		for (let id = 1; id <= CARET_COLORS.length; id += 1) join(room, 1000 - id);
		expect(new Set(room.map((client) => client.color)).size).toBe(CARET_COLORS.length);
		expect(settle(room)).toBe(1);
	});

	it('gives the first one there their first colour, and keeps it when someone with a lower id comes', () => {
		const room: Client[] = [];
		const first = join(room, 900);
		expect(first.color).toBe(CARET_COLORS[0]);
		const second = join(room, 7);
		expect(second.color).toBe(CARET_COLORS[1]);
		settle(room);
		expect(room.map((client) => client.color)).toEqual([CARET_COLORS[0], CARET_COLORS[1]]);
	});

	it('gives the newcomer their own first colour when nobody holds it', () => {
		const room: Client[] = [];
		join(room, 1, colorPreference('a'));
		const newcomer = join(room, 2, preferring(CARET_COLORS[5], CARET_COLORS));
		expect(newcomer.color).toBe(CARET_COLORS[5]);
	});

	it('settles two who joined at once on the same colour: the lower client id keeps it', () => {
		// Neither had seen the other when choosing.
		const room: Client[] = [
			{ clientId: 42, color: CARET_COLORS[0], preference: CARET_COLORS },
			{ clientId: 17, color: CARET_COLORS[0], preference: CARET_COLORS }
		];
		settle(room);
		expect(room.find((client) => client.clientId === 17)?.color).toBe(CARET_COLORS[0]);
		expect(room.find((client) => client.clientId === 42)?.color).toBe(CARET_COLORS[1]);

		// The same in the other order of arrival: only the ids decide.
		const reversed: Client[] = [
			{ clientId: 17, color: CARET_COLORS[0], preference: CARET_COLORS },
			{ clientId: 42, color: CARET_COLORS[0], preference: CARET_COLORS }
		];
		settle(reversed);
		expect(reversed.map((client) => client.color)).toEqual([CARET_COLORS[0], CARET_COLORS[1]]);
	});

	it('moves only the one who clashed, not those already there', () => {
		const room: Client[] = [];
		const first = join(room, 500);
		const second = join(room, 600);
		// Two more arrive at once and both take the first free colour.
		const late = [
			{ clientId: 3, color: CARET_COLORS[2], preference: CARET_COLORS },
			{ clientId: 4, color: CARET_COLORS[2], preference: CARET_COLORS }
		];
		room.push(...late);
		settle(room);
		expect(room.map((client) => [client.clientId, client.color])).toEqual([
			[first.clientId, CARET_COLORS[0]],
			[second.clientId, CARET_COLORS[1]],
			[3, CARET_COLORS[2]],
			[4, CARET_COLORS[3]]
		]);
	});

	it('ignores others still joining (no colour yet) and colours not in the palette', () => {
		const others: ColorHolder[] = [
			{ clientId: 1, color: null },
			{ clientId: 2, color: '#123456' }
		];
		expect(chooseColor({ clientId: 3, current: null, preference: CARET_COLORS }, others)).toBe(
			CARET_COLORS[0]
		);
	});

	it('with more people than colours, spreads newcomers and never goes round in circles', () => {
		const room: Client[] = [];
		for (let id = 1; id <= CARET_COLORS.length + 3; id += 1) join(room, 100 - id);
		const counts = new Map<string, number>();
		for (const { color } of room) counts.set(color!, (counts.get(color!) ?? 0) + 1);
		expect(Math.max(...counts.values())).toBe(2);
		expect(settle(room)).toBe(1);

		// Everyone on one colour (all joined at once, none seeing another) still settles.
		const crowd: Client[] = Array.from({ length: CARET_COLORS.length + 2 }, (_, i) => ({
			clientId: i + 1,
			color: CARET_COLORS[0],
			preference: CARET_COLORS
		}));
		settle(crowd);
		expect(new Set(crowd.map((client) => client.color)).size).toBe(CARET_COLORS.length);
	});
});

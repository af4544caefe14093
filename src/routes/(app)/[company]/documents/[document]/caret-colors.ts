// The colour of each person in a document (their caret, selection and avatar). Each client chooses
// its own and says it in its awareness state: a hash of the user id alone gave two people of nine
// the same colour, with no way to tell their carets apart. So a client joining takes the first
// colour of its preference that nobody present holds, keeps it while present, and moves only when
// someone joining at the same moment took the same one and has the lower client id.

/** Dark enough for white label text on every one of them (WCAG AA at the caret label's size). */
export const CARET_COLORS: readonly string[] = [
	'#b91c1c',
	'#c2410c',
	'#a16207',
	'#15803d',
	'#0f766e',
	'#0369a1',
	'#4338ca',
	'#7e22ce',
	'#be185d'
];

/**
 * The palette in the order a person prefers it: starting at a colour given by a hash of their
 * id, so someone usually finds their colour from one visit to the next.
 */
export function colorPreference(userId: string, palette = CARET_COLORS): string[] {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	const start = hash % palette.length;
	return [...palette.slice(start), ...palette.slice(0, start)];
}

/** `preference` with `color` moved to the front: what a client held before it reconnected. */
export function preferring(color: string | null, preference: readonly string[]): string[] {
	if (color === null || !preference.includes(color)) return [...preference];
	return [color, ...preference.filter((c) => c !== color)];
}

/** Another client in the document, as its awareness state says (null: no colour yet). */
export type ColorHolder = { clientId: number; color: string | null };

/**
 * The colour a client shows, given the other clients present now (not itself). Its own colour
 * stays unless another client with a lower id holds it too (two who joined at once); then, as
 * when joining (`current` null), the first colour of `preference` nobody holds. With more
 * people than colours: a client keeps what it has, and a newcomer takes the least held colour.
 */
export function chooseColor(
	me: { clientId: number; current: string | null; preference: readonly string[] },
	others: readonly ColorHolder[]
): string {
	const holders = (color: string) => others.filter((other) => other.color === color);
	const { clientId, current, preference } = me;
	if (current !== null && !holders(current).some((other) => other.clientId < clientId)) {
		return current;
	}
	const free = preference.find((color) => holders(color).length === 0);
	if (free !== undefined) return free;
	if (current !== null) return current;
	// Every colour is held: the least held, in the order of preference.
	let best = preference[0];
	for (const color of preference) {
		if (holders(color).length < holders(best).length) best = color;
	}
	return best;
}

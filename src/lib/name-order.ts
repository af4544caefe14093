// Names in the order a person reading a list looks for them: a letter with an accent beside the
// same letter without one ("Élise" between "Edmond" and "Fanny"), capitals among small letters,
// "Maison 2" before "Maison 10". SQLite's ORDER BY compares code points, which put every name
// starting with an accented capital after "Z", where nobody looks for Élise or L’Écurie.
// French and English collate letters alike, so one order serves both languages (and the server
// and the browser agree on it, which a list re-sorted after a live change needs).
const collator = new Intl.Collator(['fr', 'en'], { numeric: true });

/** Compares two names in reading order. */
export function compareNames(a: string, b: string): number {
	return collator.compare(a, b);
}

/** A comparator for `Array.prototype.sort` over anything with a name. */
export function byName<T extends { name: string }>(a: T, b: T): number {
	return collator.compare(a.name, b.name);
}

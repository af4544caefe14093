// The letters on a person's round avatar (the header, the board, a document's people): the same
// everywhere, so one face reads the same on every page.

/** The first letters of a name's first and last words ("Jean de La Fontaine" → "JF"). */
export function initialsOf(name: string): string {
	const words = name.trim().split(/\s+/).filter(Boolean);
	// By code point, not UTF-16 unit: a name may start with a letter outside the BMP.
	const first = (word: string | undefined) => (word ? ([...word][0] ?? '') : '');
	return (first(words[0]) + (words.length > 1 ? first(words.at(-1)) : '')).toUpperCase();
}

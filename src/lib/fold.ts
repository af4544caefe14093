/**
 * Text as people match it: lower case without accents ("Élodie" and "elodie" are one), as FTS5's
 * unicode61 tokenizer with remove_diacritics 2 reads it. Shared by the search, opening a document
 * at a hit, and the "@" mention list, so the three agree on what matches.
 */
export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase();
}

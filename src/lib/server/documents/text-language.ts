// The language a document's text is written in, as far as its words tell: French or English, the
// two Hameau speaks, told apart by their most frequent little words. Nothing records the language of
// a document — its authors write in whatever language they write — and the reader's is no guide:
// an English reader's export of French notes declared them English, so a screen reader spoke them
// with English sounds and a browser offered to translate them "from English".

type TextLanguage = 'fr' | 'en';

/**
 * Words frequent in one language and rare in the other; left out, the words both write ("a", the
 * French "has"; "on", the French "one"; "son"). French elisions count as words: "l’", "d’", "qu’"
 * and "n’" are split off as "l", "d", "qu", "n".
 */
const TELLING_WORDS: Record<TextLanguage, ReadonlySet<string>> = {
	fr: new Set(
		(
			'le la les un une des du de et est sont pour dans avec sur que qui ne pas au aux nous vous ' +
			'ce cette ces il elle ils mais ou où par plus très sa ses leur leurs notre nos votre vos ' +
			'être été fait faire chez comme tout tous aussi déjà après avant l d qu n j c'
		).split(' ')
	),
	en: new Set(
		(
			'the and is are of to in for with that which not we you this these it its but or by be was ' +
			'were at from our your their will would can have has had what who where when how do does ' +
			'done all also some about after before'
		).split(' ')
	)
};

/**
 * Frequent little words of Spanish, Italian and Portuguese that French and English do not write:
 * those languages share many of French's telling words ("la", "de", "que", "un"), and a Spanish
 * text was declared French. Where these are as common, the language is neither of ours. Left out:
 * French words too ("y", "es", "non", "se", "il", "son"), and English ones ("as", "so").
 */
const OTHER_ROMANCE_WORDS: ReadonlySet<string> = new Set(
	(
		'el los las del por para con una lo pero muy está están como más hay sus ' +
		'di che della delle degli gli questo questa sono anche ' +
		'não uma com dos das pelo pela também'
	).split(' ')
);

/** Telling words needed before a language is named: a title of two words says too little. */
const ENOUGH_WORDS = 3;

/** How many times more telling words one language needs than the other to be named. */
const CLEAR_LEAD = 2;

/** "fr" or "en" when the text's words say so clearly, else null (too short, mixed, or another). */
export function textLanguage(text: string): TextLanguage | null {
	const counts: Record<TextLanguage, number> = { fr: 0, en: 0 };
	let otherRomance = 0;
	for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) {
		if (TELLING_WORDS.fr.has(word)) counts.fr += 1;
		if (TELLING_WORDS.en.has(word)) counts.en += 1;
		if (OTHER_ROMANCE_WORDS.has(word)) otherRomance += 1;
	}
	for (const [language, other] of [
		['fr', 'en'],
		['en', 'fr']
	] as const) {
		const rival = Math.max(counts[other], otherRomance);
		if (counts[language] >= ENOUGH_WORDS && counts[language] >= CLEAR_LEAD * rival) {
			return language;
		}
	}
	return null;
}

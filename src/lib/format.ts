// Moments, calendar days, numbers and money as people read them, in the page's language. Every
// page formats through here so one thing reads the same everywhere: times are on a 24-hour clock
// in French and in English alike ("09:30", never "9:30 AM"); no one can choose another clock yet,
// and this is the one place that choice would be read. English dates are written day first, as
// British English writes them ("Monday 23 November", "23 Nov 2026"): Hameau's English is read in
// France and the rest of Europe, where the US order ("November 23") reads as foreign.
import { getLocale } from '$lib/paraglide/runtime';
import { readerTimeZone } from './reader-zone';
import { todayIn } from './zoned-time';

/** Every function takes the page's language unless told otherwise (tests, fixed formats). */
type WithLocale = { locale?: string };

// Building a formatter costs far more than using one, and a page formats hundreds of cells with a
// handful of option sets: keep one per locale and options (a few languages, a few zones).
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale} ${JSON.stringify(options)}`;
	let format = dateTimeFormats.get(key);
	if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
	return format;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `${locale} ${JSON.stringify(options)}`;
	let format = numberFormats.get(key);
	if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
	return format;
}

function relativeTimeFormat(locale: string): Intl.RelativeTimeFormat {
	let format = relativeTimeFormats.get(locale);
	if (!format) {
		relativeTimeFormats.set(
			locale,
			(format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }))
		);
	}
	return format;
}

/**
 * The locale a date or a month is written in: British English for English, the page's language
 * otherwise. Numbers and relative times keep the page's language ("€1,250.50" and "3 days ago"
 * read the same in both Englishes).
 */
function dateLocale(locale: string): string {
	return locale === 'en' ? 'en-GB' : locale;
}

/**
 * Where an instant is read: `timeZone` when given (a house's clock), else the reader's own
 * (reader-zone.ts: their profile's).
 */
type InZone = WithLocale & { timeZone?: string };

/** Every time of day is on a 24-hour clock, whatever the language. */
function formatInstant(
	instant: Date | number,
	style: Intl.DateTimeFormatOptions,
	{ timeZone, locale = getLocale() }: InZone
): string {
	return dateTimeFormat(dateLocale(locale), {
		timeZone: timeZone ?? readerTimeZone(),
		hourCycle: 'h23',
		...style
	}).format(instant);
}

/** "09:41": the time of an instant. */
export function formatTime(instant: Date | number, options: InZone = {}): string {
	return formatInstant(instant, { hour: '2-digit', minute: '2-digit' }, options);
}

/**
 * "HH:MM" on the clock of `timeZone`, as an `<input type="time">` holds its value: the same in
 * every language, since the browser shows the field in its own way.
 */
export function timeInputValue(instant: Date | number, timeZone: string): string {
	return formatTime(instant, { timeZone, locale: 'en-GB' });
}

/** "3 juil. 2026, 09:41" / "3 Jul 2026, 09:41": an instant with its date. */
export function formatDateTime(instant: Date | number, options: InZone = {}): string {
	return formatInstant(instant, { dateStyle: 'medium', timeStyle: 'short' }, options);
}

const dayStyles = {
	/** "lundi 23 novembre" / "Monday 23 November": a heading (with its year in another year). */
	long: { weekday: 'long', day: 'numeric', month: 'long' },
	/** "lun. 23 nov." / "Mon 23 Nov": a row of a month, a meeting (with its year in another year). */
	medium: { weekday: 'short', day: 'numeric', month: 'short' },
	/** "lun. 23" / "Mon 23": a column of a week. */
	short: { weekday: 'short', day: 'numeric' },
	/** "23 novembre 2026" / "23 November 2026": a date in a contract or a list of dates. */
	full: { day: 'numeric', month: 'long', year: 'numeric' },
	/** "lun. 23 novembre 2026" / "Mon 23 November 2026": one occasion, said in full. */
	weekdayFull: { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * The styles that leave the year out, as this year's dates read. A date of another year takes its
 * year after the month, weekday kept: "lun. 4 janv. 2027" / "Mon 4 Jan 2027". Without it a meeting
 * next January read "6 janvier 2027" (no weekday) on the rooms page, and a planning week across
 * New Year "vendredi 1er janvier" (no year).
 */
const yearlessStyles: ReadonlySet<keyof typeof dayStyles> = new Set(['long', 'medium']);

// The device's zone, asked once: building a formatter to learn it costs more than a date (a report
// formats hundreds of days).
let deviceZone: string | undefined;

/** The reader's today (YYYY-MM-DD), on their clock or else the device's. */
function readerToday(): string {
	deviceZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
	return todayIn(readerTimeZone() ?? deviceZone);
}

/**
 * A calendar date (`YYYY-MM-DD`) as people read it. A plan is about a day, not an instant: the
 * date is read in UTC so it stays the same day whatever the reader's zone. `today` (YYYY-MM-DD,
 * the reader's by default) says which year goes without saying in the `long` and `medium` styles.
 */
export function formatDate(
	date: string,
	style: keyof typeof dayStyles,
	{ locale = getLocale(), today }: WithLocale & { today?: string } = {}
): string {
	const otherYear =
		yearlessStyles.has(style) && date.slice(0, 4) !== (today ?? readerToday()).slice(0, 4);
	const options: Intl.DateTimeFormatOptions = otherYear
		? { ...dayStyles[style], year: 'numeric' }
		: dayStyles[style];
	const format = dateTimeFormat(dateLocale(locale), { timeZone: 'UTC', ...options });
	const instant = new Date(`${date}T00:00:00Z`);
	const firstInFrench = locale.startsWith('fr') && date.endsWith('-01');
	const weekdayAndYear = style === 'weekdayFull' || otherYear;
	// Parts cost more than a string: only the dates that need mending go through them.
	if (!firstInFrench && !weekdayAndYear) return format.format(instant);
	const parts = format.formatToParts(instant);
	return parts
		.map((part, i) => {
			// French writes the first of the month "1er" ("le 1er octobre"), which Intl does not.
			if (firstInFrench && part.type === 'day' && part.value === '1') return '1er';
			// British English puts a comma after the weekday once a year follows ("Mon, 23 November
			// 2026") but none without one ("Mon 23 Nov"): one date reads the same in every length.
			if (part.type === 'literal' && parts[i - 1]?.type === 'weekday') {
				return part.value.replace(',', '');
			}
			return part.value;
		})
		.join('');
}

/**
 * "dim. 6 décembre 2026, 09:30" / "Sun 6 December 2026, 09:30": a calendar date and a wall time
 * (`HH:MM`) already read on the clock that matters (a stand-up's zone), weekday first as both
 * languages write it, then a comma as before a time elsewhere (formatDateTime: "3 Jul 2026, 09:41").
 */
export function formatDateAndTime(
	date: string,
	time: string,
	{ locale = getLocale() }: WithLocale = {}
): string {
	return `${formatDate(date, 'weekdayFull', { locale })}, ${time}`;
}

/** "octobre 2026" / "October 2026" for a `YYYY-MM` month. */
export function formatMonth(month: string, { locale = getLocale() }: WithLocale = {}): string {
	return dateTimeFormat(dateLocale(locale), {
		timeZone: 'UTC',
		month: 'long',
		year: 'numeric'
	}).format(new Date(`${month}-01T00:00:00Z`));
}

/**
 * "de" or "que" before a name, as French writes it: elided before a vowel ("l’écran d’Anne",
 * "membre d’Écrin", "en tant qu’administratrice"), whole before a consonant ("de Bernard").
 * Never before an "h": whether it is mute ("d’Hélène") or aspirated ("de Hugo Boss") cannot be told
 * from a name, and "de" before a mute h reads as a slip where "d’" before an aspirated one reads as
 * an error. Nor before a digit or a symbol ("de 3D Studio"). Opening quotes are looked through and
 * kept ("d’« Écrin »"); leading spaces are dropped. Accented and decomposed vowels are vowels.
 *
 * French only: a French message that needs it takes the phrase ready-made ("Écran {ofName}") while
 * the English one keeps the bare name ("{name}’s screen"), so it never depends on the page's
 * language.
 */
export function elideFrench(word: 'de' | 'que', name: string): string {
	const phrase = name.trimStart();
	// The first letter after any opening quotes, stripped of its accents ("É" → "E").
	const first = phrase
		.replace(/^["'“”‘’«»‹›„\s]+/u, '')
		.normalize('NFD')
		.charAt(0);
	return /^[aeiouyæœ]/i.test(first) ? `${word.slice(0, -1)}’${phrase}` : `${word} ${phrase}`;
}

/**
 * "de" before the name of a place or an organisation (a house, a company, an operator): as
 * elideFrench, and a name that starts with the article "Le" or "Les" takes it into "du"/"des" as
 * French writes it ("relevé du Fournil", "maison des Tilleuls"; "de La Poste" and "de L’Atelier"
 * stay). Not for people: "de Le Gall" keeps a surname whole.
 */
export function ofPlaceFrench(name: string): string {
	const phrase = name.trimStart();
	const article = leadingArticle(phrase);
	if (!article) return elideFrench('de', phrase);
	return `${article.plural ? 'des' : 'du'} ${article.rest}`;
}

/**
 * "à" before the name of a place or an organisation, as French writes it: a name that starts with
 * the article "Le" or "Les" takes it into "au"/"aux" ("Je suis au Fournil", "l’accès aux
 * Tilleuls"); "à La Grange" and "à L’Atelier" stay as written, as "de" does in ofPlaceFrench.
 * "à" never elides. Leading spaces are dropped; a quoted name is left whole ("à « Le Fournil »").
 * French only, as ofPlaceFrench: the message takes the phrase ready-made ("Je suis {atHouse}").
 */
export function atPlaceFrench(name: string): string {
	const phrase = name.trimStart();
	const article = leadingArticle(phrase);
	if (!article) return `à ${phrase}`;
	return `${article.plural ? 'aux' : 'au'} ${article.rest}`;
}

/** The article "Le" or "Les" (any case) that starts a place's name, and what follows it. */
function leadingArticle(phrase: string): { plural: boolean; rest: string } | null {
	const article = /^(les?)\s+(?=\S)/iu.exec(phrase);
	if (!article) return null;
	return { plural: article[1].length === 3, rest: phrase.slice(article[0].length) };
}

/**
 * A month as it follows "of" in a sentence: French elides "de" before a vowel ("relevé d’octobre
 * 2026", "de novembre 2026"), so its messages leave the word to this; English ones carry their own
 * ("Statement for October 2026").
 */
export function formatOfMonth(month: string, { locale = getLocale() }: WithLocale = {}): string {
	const label = formatMonth(month, { locale });
	return locale.startsWith('fr') ? elideFrench('de', label) : label;
}

const weekdayNames = new Map<string, readonly string[]>();

/** "lundi" / "Monday" for ISO weekday 1 (… 7 = Sunday). */
export function formatWeekday(
	isoWeekday: number,
	{ locale = getLocale() }: WithLocale = {}
): string {
	// A board names the same seven days for each house: the names are kept per language.
	let names = weekdayNames.get(locale);
	if (!names) {
		const format = dateTimeFormat(dateLocale(locale), { timeZone: 'UTC', weekday: 'long' });
		// 1 January 2024 was a Monday, so day `isoWeekday` of that month falls on that weekday.
		names = [1, 2, 3, 4, 5, 6, 7].map((day) => format.format(new Date(Date.UTC(2024, 0, day))));
		weekdayNames.set(locale, names);
	}
	// Week by week as the calendar goes: 0 is the Sunday before, 8 the Monday after.
	return names[(((isoWeekday - 1) % 7) + 7) % 7];
}

const listFormats = new Map<string, Intl.ListFormat>();

/** "Ana, Bruno et Chloé" / "Ana, Bruno, and Chloé": items joined as the language does. */
export function formatList(
	items: readonly string[],
	{ locale = getLocale() }: WithLocale = {}
): string {
	let format = listFormats.get(locale);
	if (!format) {
		listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: 'conjunction' })));
	}
	return format.format(items);
}

/** "2,5" / "2.5": a count or an average, to one decimal at most unless told otherwise. */
export function formatNumber(
	value: number,
	{
		maximumFractionDigits = 1,
		locale = getLocale()
	}: WithLocale & { maximumFractionDigits?: number } = {}
): string {
	return numberFormat(locale, { maximumFractionDigits }).format(value);
}

/** "42 %" / "42%" from a ratio (0.42), in whole percents. */
export function formatPercent(ratio: number, { locale = getLocale() }: WithLocale = {}): string {
	return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/**
 * An amount of cents in euros: "1 250,50 €" / "€1,250.50". `trimZeroCents` drops the zero cents
 * of a whole amount (a cost someone set: "1 250 €"); a computed share keeps them ("1 250,00 €").
 */
export function formatEuros(
	cents: number,
	{ trimZeroCents = false, locale = getLocale() }: WithLocale & { trimZeroCents?: boolean } = {}
): string {
	const digits = trimZeroCents && cents % 100 === 0 ? 0 : 2;
	return numberFormat(locale, {
		style: 'currency',
		currency: 'EUR',
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(cents / 100);
}

/**
 * Cents as an amount field shows them back after saving: always two decimals, with the decimal
 * mark people type in this language and no grouping ("500,00" / "500.00", "1250,50", "-50,00"),
 * so the field reads as an amount and posting it again (readEuros) gives the same cents.
 */
export function formatAmountInput(
	cents: number,
	{ locale = getLocale() }: WithLocale = {}
): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	const mark = locale.startsWith('fr') ? ',' : '.';
	return `${sign}${Math.floor(abs / 100)}${mark}${String(abs % 100).padStart(2, '0')}`;
}

const relativeUnits: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
	['year', 365 * 24 * 3600],
	['month', 30 * 24 * 3600],
	['week', 7 * 24 * 3600],
	['day', 24 * 3600],
	['hour', 3600],
	['minute', 60]
];

/**
 * "il y a 3 jours" / "3 days ago", "in 2 hours", "now": how far `instant` is from `now`, in the
 * largest whole unit.
 * Relative times read the same in every time zone, so server and browser render the same text.
 */
export function formatRelative(
	instant: Date | number,
	{ now = Date.now(), locale = getLocale() }: WithLocale & { now?: number } = {}
): string {
	const format = relativeTimeFormat(locale);
	const seconds = (Number(instant) - now) / 1000;
	for (const [unit, size] of relativeUnits) {
		if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
	}
	return format.format(0, 'second');
}

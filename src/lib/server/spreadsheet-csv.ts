// CSV for a spreadsheet opened in the reader's language, the one way Hameau writes CSV: UTF-8 with
// a byte order mark (so Excel reads the accents), `;` between cells and a decimal comma in French
// (a French Excel splits on `;` and reads `1,5` as a number), `,` and a point in English.
import type { locales } from '$lib/paraglide/runtime';

export type Locale = (typeof locales)[number];

/** A cell: text (quoted when needed, never read as a formula), a number, or empty. */
export type CsvCell = string | { number: number; digits?: number } | null;

/** A number cell written with that many decimals (0 by default: a count). */
export const csvNumber = (number: number, digits = 0): CsvCell => ({ number, digits });

/** Half-days as days: `3` for six half-days, `1.5` (or `1,5`) for three. */
export const csvHalfDays = (halfDays: number): CsvCell =>
	csvNumber(halfDays / 2, halfDays % 2 === 0 ? 0 : 1);

/** Cents as euros with two decimals, no currency sign, so the cell stays a number. */
export const csvEuros = (cents: number): CsvCell => csvNumber(cents / 100, 2);

function textCell(value: string, separator: string): string {
	// A leading = + - @ (or a tab/return) would make a spreadsheet run the cell as a formula.
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return safe.includes(separator) || /["\n\r]/.test(safe)
		? `"${safe.replaceAll('"', '""')}"`
		: safe;
}

export function spreadsheetCsv(
	rows: ReadonlyArray<ReadonlyArray<CsvCell>>,
	locale: Locale
): string {
	const french = locale === 'fr';
	const separator = french ? ';' : ',';
	const cell = (value: CsvCell): string => {
		if (value === null) return '';
		if (typeof value === 'string') return textCell(value, separator);
		const text = value.number.toFixed(value.digits ?? 0);
		return french ? text.replace('.', ',') : text;
	};
	const body = rows.map((row) => row.map(cell).join(separator)).join('\r\n');
	return `\uFEFF${body}\r\n`;
}

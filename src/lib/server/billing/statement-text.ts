// A statement as people read it, in the reader's language: each line's name and its formula with
// its figures ("2 000,00 € × 3 ÷ 5,5 person-days = 1 090,91 €"), the month's name, and the CSV
// download. Presence is stored in half-days and shown as days.
import { formatEuros, formatMonth, formatNumber, formatOfMonth } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { csvEuros, csvHalfDays, spreadsheetCsv, type CsvCell } from '../spreadsheet-csv';
import type { listAdjustments } from './adjustments';
import type { StatementLine } from './month-statement';

/**
 * A person's name on a statement. Empty for check-ins kept after their person deleted their
 * account (account/deletion.ts): the month still bills them, under no one's name.
 */
export function personOnStatement(name: string): string {
	return name || m.common_former_member_name();
}

/** Half-days as days: 11 → "5,5" / "5.5". */
export function formatDays(halfDays: number): string {
	return formatNumber(halfDays / 2);
}

/**
 * Adjustments as the operator's pages list them: months named, billed in which or, pending, to be
 * billed with which.
 */
export function describeAdjustments(rows: ReturnType<typeof listAdjustments>) {
	return rows.map((row) => ({
		id: row.id,
		companyName: row.companyName,
		/** The month corrected, as it follows "Correction of" (formatOfMonth). */
		correctsLabel: formatOfMonth(row.correctsMonth),
		amountCents: row.amountCents,
		reason: row.reason,
		billedLabel: row.billedInMonth ? formatMonth(row.billedInMonth) : null,
		/** Pending: the month that will bill it, as it follows "the statements of". */
		pendingLabel: row.billedInMonth ? null : formatOfMonth(row.billedWith)
	}));
}

export type DescribedLine = { label: string; formula: string; amountCents: number };

/**
 * The result of a formula "total × part ÷ whole" as the line billed it. Its arithmetic rounded to
 * the cent (half up) is what a reader gets on a calculator; the largest-remainder rule, which
 * makes the shares add up to the cent, may give a line one cent more (or less) than that. The text
 * then says so ("€40.00 + €0.01 rounding (largest remainder)") instead of an "=" that does not
 * hold. BigInt: cents × part may pass 2^53, as in splitByLargestRemainder.
 */
export function splitResult(
	totalCents: number,
	part: number,
	whole: number,
	amountCents: number
): string {
	if (whole <= 0) return formatEuros(amountCents);
	const product = 2n * BigInt(totalCents) * BigInt(part);
	const divisor = 2n * BigInt(whole);
	// Floor division of a possibly negative numerator (a split of a credit).
	const shifted = product + BigInt(whole);
	const quotient = shifted / divisor - (shifted % divisor < 0n ? 1n : 0n);
	const rounded = Number(quotient);
	const rest = amountCents - rounded;
	if (rest === 0) return formatEuros(amountCents);
	return rest > 0
		? m.billing_formula_rounded_up({
				amount: formatEuros(rounded),
				rounding: formatEuros(rest)
			})
		: m.billing_formula_rounded_down({
				amount: formatEuros(rounded),
				rounding: formatEuros(-rest)
			});
}

/** The line's name and the computation behind its amount, with its figures. */
export function describeLine(line: StatementLine): DescribedLine {
	const amount = formatEuros(line.amountCents);
	const base = { amountCents: line.amountCents };
	switch (line.kind) {
		case 'cost_share':
			return {
				...base,
				label: m.billing_line_cost_share(),
				formula: m.billing_formula_cost_share({
					shared: formatEuros(line.sharedCents),
					days: formatDays(line.halfDays),
					allDays: formatDays(line.allHalfDays),
					amount: splitResult(line.sharedCents, line.halfDays, line.allHalfDays, line.amountCents)
				})
			};
		case 'empty_month':
			return line.rule === 'split_equally'
				? {
						...base,
						label: m.billing_line_empty_split(),
						formula: m.billing_formula_empty_split({
							shared: formatEuros(line.sharedCents),
							companies: line.companies,
							amount: splitResult(line.sharedCents, 1, line.companies, line.amountCents)
						})
					}
				: { ...base, label: m.billing_line_empty_carried(), formula: amount };
		case 'day_rate':
			return {
				...base,
				label: m.billing_line_day_rate(),
				formula: dayRateFormula(line, amount)
			};
		case 'fixed':
			return {
				...base,
				label: m.billing_line_fixed(),
				formula:
					line.daysInForce === line.daysInMonth
						? amount
						: m.billing_formula_fixed({
								fixed: formatEuros(line.fixedMonthlyCents),
								days: line.daysInForce,
								monthDays: line.daysInMonth,
								amount: splitResult(
									line.fixedMonthlyCents,
									line.daysInForce,
									line.daysInMonth,
									line.amountCents
								)
							})
			};
		case 'cap':
			return {
				...base,
				label: m.billing_line_cap(),
				formula: m.billing_formula_cap({ cap: formatEuros(line.capCents), amount })
			};
		case 'adjustment':
			return {
				...base,
				label: m.billing_line_adjustment({ month: formatOfMonth(line.correctsMonth) }),
				formula: line.reason
			};
	}
}

/** What the CSV shows of a company's statement. */
export type StatementForCsv = {
	houseName: string;
	operatorName: string;
	companyName: string;
	month: string;
	lines: StatementLine[];
	totalCents: number;
	halfDays: number;
	people: ReadonlyArray<{ name: string; halfDays: number }>;
};

/**
 * A spreadsheet cell gets plain hyphens: the pages' no-break hyphen (U+2011, so that
 * "jours‑personnes" never splits at its hyphen on a phone) would defeat a search for the word.
 */
function plainHyphens(text: string): string {
	return text.replaceAll('\u2011', '-');
}

/**
 * The statement as CSV for a spreadsheet in the reader's language (spreadsheet-csv.ts: BOM, `;`
 * and a decimal comma in French). Numbers are plain (no grouping, no currency sign) so they stay
 * numbers.
 */
export function statementCsv(statement: StatementForCsv): string {
	const rows: CsvCell[][] = [
		[
			m.billing_csv_section(),
			m.billing_csv_label(),
			m.billing_csv_detail(),
			m.billing_csv_person_days(),
			m.billing_csv_amount()
		],
		[m.billing_csv_house(), statement.houseName, statement.operatorName, null, null],
		[m.billing_csv_company(), statement.companyName, statement.month, null, null],
		...statement.lines.map((line) => {
			const described = describeLine(line);
			return [
				m.billing_csv_line(),
				plainHyphens(described.label),
				plainHyphens(described.formula),
				line.kind === 'cost_share' ? csvHalfDays(line.halfDays) : null,
				csvEuros(line.amountCents)
			];
		}),
		[
			m.billing_csv_total(),
			m.billing_total(),
			null,
			csvHalfDays(statement.halfDays),
			csvEuros(statement.totalCents)
		],
		...statement.people.map((person) => [
			m.billing_csv_person(),
			personOnStatement(person.name),
			null,
			csvHalfDays(person.halfDays),
			null
		])
	];
	return spreadsheetCsv(rows, getLocale());
}

/** "2 days × €15.00 + 1 half-day × €8.50 = €38.50", without a part of none ("+ 0 half-days"). */
function dayRateFormula(
	line: { wholeDays: number; halfDays: number; dayRateCents: number; halfDayRateCents: number },
	amount: string
): string {
	const dayRate = formatEuros(line.dayRateCents);
	const halfDayRate = formatEuros(line.halfDayRateCents);
	if (line.halfDays === 0) {
		return m.billing_formula_day_rate_days({ days: line.wholeDays, dayRate, amount });
	}
	if (line.wholeDays === 0) {
		return m.billing_formula_day_rate_halves({ halfDays: line.halfDays, halfDayRate, amount });
	}
	return m.billing_formula_day_rate({
		days: line.wholeDays,
		dayRate,
		halfDays: line.halfDays,
		halfDayRate,
		amount
	});
}

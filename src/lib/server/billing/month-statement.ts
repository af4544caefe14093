// The arithmetic of closing a month at a house: what each company owes under the terms in force
// on each day, from the person-days actually on site. Pure (no database), so every rule is
// tested on fixed data; `closing.ts` loads the inputs and stores the result.
//
// Units: money in integer cents, presence in half-days (a whole day on site = 2), so nothing is
// ever a fraction until it is shown.
import { prorateByDays, splitByLargestRemainder } from '../../money';
import { agreementTermsOn, type AgreementTerms, type EmptyMonthRule } from '../../billing/terms';
import { datesOfMonth } from '../../zoned-time';

/** An agreement's first and last dates (last null = open-ended) and its versions of terms. */
export type AgreementSpan = {
	startDate: string;
	endDate: string | null;
	versions: readonly AgreementTerms[];
};

export type CompanyMonthInput = {
	companyId: string;
	/**
	 * The company's agreement in the month, or its agreements when it left and came back within
	 * the month (never overlapping): each date bills under the one covering it, if any.
	 */
	agreement: AgreementSpan | readonly AgreementSpan[];
	/** Half-days each person was on site (checked in) per date: 1 for a half-day, 2 for a day. */
	people: ReadonlyArray<{ userId: string; halvesByDate: ReadonlyMap<string, number> }>;
};

/**
 * A correction of a closed month, billed with the first month after it that closes (months close
 * in order), whether or not the company still has an agreement then.
 */
export type PendingAdjustment = {
	id: string;
	companyId: string;
	/** Positive: the company owes more; negative: a credit. */
	amountCents: number;
	reason: string;
	correctsMonth: string;
};

export type MonthInput = {
	/** `YYYY-MM`. */
	month: string;
	/** The sum of the month's running-cost lines. */
	costCents: number;
	/** The part covered by public funding or the commune (never more than the costs). */
	fundingCents: number;
	companies: readonly CompanyMonthInput[];
	adjustments: readonly PendingAdjustment[];
};

export type StatementLine =
	| {
			kind: 'cost_share';
			termsId: string;
			/** This company's half-days under these terms, and all companies' half-days. */
			halfDays: number;
			allHalfDays: number;
			sharedCents: number;
			amountCents: number;
	  }
	| {
			kind: 'empty_month';
			termsId: string;
			rule: EmptyMonthRule;
			/** How many cost-share companies the costs were split between. */
			companies: number;
			sharedCents: number;
			amountCents: number;
	  }
	| {
			kind: 'day_rate';
			termsId: string;
			wholeDays: number;
			halfDays: number;
			dayRateCents: number;
			halfDayRateCents: number;
			amountCents: number;
	  }
	| {
			kind: 'fixed';
			termsId: string;
			daysInForce: number;
			daysInMonth: number;
			fixedMonthlyCents: number;
			amountCents: number;
	  }
	| { kind: 'cap'; termsId: string; capCents: number; amountCents: number }
	| {
			kind: 'adjustment';
			adjustmentId: string;
			correctsMonth: string;
			reason: string;
			amountCents: number;
	  };

export type CompanyStatement = {
	companyId: string;
	lines: StatementLine[];
	totalCents: number;
	/** All of the company's half-days on site in the month (any terms). */
	halfDays: number;
	/** Each person's half-days on site, for the company's own eyes only. */
	people: Array<{ userId: string; halfDays: number }>;
};

export type MonthStatement = {
	month: string;
	costCents: number;
	fundingCents: number;
	/** Costs minus funding: what the cost-share companies split. */
	sharedCents: number;
	allHalfDays: number;
	companies: CompanyStatement[];
	/** Σ of the companies' totals. */
	billedCents: number;
	/** The adjustments billed in this month: every one it was given. */
	appliedAdjustmentIds: string[];
};

/** Public funding as the operator records it for a month: an amount, or a share of the costs. */
export type Funding = { kind: 'amount'; cents: number } | { kind: 'percent'; basisPoints: number };

/** The funding in cents: a percentage rounds to the nearest cent, and never exceeds the costs. */
export function fundingCents(costCents: number, funding: Funding | null): number {
	if (!funding) return 0;
	const cents =
		funding.kind === 'amount'
			? funding.cents
			: Math.round((costCents * funding.basisPoints) / 10_000);
	return Math.min(Math.max(0, cents), Math.max(0, costCents));
}

type CompanyDays = {
	input: CompanyMonthInput;
	/** Terms in force on each date of the month (null outside the agreements). */
	termsByDate: Array<AgreementTerms | null>;
	/** Which of the company's agreements covers each date (null outside them). */
	spanByDate: Array<number | null>;
	/** Σ over people of half-days on each date of the month. */
	halvesByDate: number[];
};

function halves(value: number | undefined): number {
	// A check-in row is a whole day or one half: more than two halves a day cannot happen, but a
	// count must never bill more than the day.
	return Math.min(2, Math.max(0, Math.trunc(value ?? 0)));
}

/** Half-days under each version of terms, keyed by the version's id. */
function halvesByTerms(company: CompanyDays, predicate: (terms: AgreementTerms) => boolean) {
	const result = new Map<string, { terms: AgreementTerms; halfDays: number }>();
	company.termsByDate.forEach((terms, index) => {
		if (!terms || !predicate(terms)) return;
		const entry = result.get(terms.id) ?? { terms, halfDays: 0 };
		entry.halfDays += company.halvesByDate[index];
		result.set(terms.id, entry);
	});
	return result;
}

/** The cost-share terms in force on the company's last covered date of the month, if any. */
function lastTerms(company: CompanyDays, predicate: (terms: AgreementTerms) => boolean) {
	for (let index = company.termsByDate.length - 1; index >= 0; index -= 1) {
		const terms = company.termsByDate[index];
		if (terms && predicate(terms)) return terms;
	}
	return null;
}

const isCostShare = (terms: AgreementTerms) => terms.model === 'cost_share';

export function computeMonthStatement(input: MonthInput): MonthStatement {
	const dates = datesOfMonth(input.month);
	const fundingCents = Math.min(Math.max(0, input.fundingCents), Math.max(0, input.costCents));
	const sharedCents = Math.max(0, input.costCents - fundingCents);

	const companies: CompanyDays[] = input.companies.map((company) => {
		const spans: readonly AgreementSpan[] = Array.isArray(company.agreement)
			? company.agreement
			: [company.agreement as AgreementSpan];
		const spanByDate = dates.map((date) => {
			const index = spans.findIndex((span) => agreementTermsOn(span, date) !== null);
			return index < 0 ? null : index;
		});
		const termsByDate = dates.map((date, index) =>
			spanByDate[index] === null ? null : agreementTermsOn(spans[spanByDate[index]!], date)
		);
		const halvesByDate = dates.map((date, index) =>
			termsByDate[index] === null
				? 0
				: company.people.reduce((sum, person) => sum + halves(person.halvesByDate.get(date)), 0)
		);
		return { input: company, termsByDate, spanByDate, halvesByDate };
	});
	const lines = new Map<string, StatementLine[]>(companies.map((c) => [c.input.companyId, []]));
	const allHalfDays = companies.reduce(
		(sum, company) => sum + company.halvesByDate.reduce((a, b) => a + b, 0),
		0
	);

	// (a) Cost share: the shared costs are split pro rata of every company's half-days (under any
	// model); the parts of companies under other models are covered by what they pay instead.
	if (allHalfDays > 0) {
		const units: Array<{ companyId: string; terms: AgreementTerms | null; halfDays: number }> = [];
		for (const company of companies) {
			for (const [, entry] of halvesByTerms(company, isCostShare)) {
				units.push({ companyId: company.input.companyId, ...entry });
			}
			const others = company.halvesByDate.reduce(
				(sum, count, index) =>
					company.termsByDate[index] && !isCostShare(company.termsByDate[index]!)
						? sum + count
						: sum,
				0
			);
			if (others > 0)
				units.push({ companyId: company.input.companyId, terms: null, halfDays: others });
		}
		const shares = splitByLargestRemainder(
			sharedCents,
			units.map((unit) => unit.halfDays)
		);
		units.forEach((unit, index) => {
			if (!unit.terms || unit.halfDays === 0) return;
			lines.get(unit.companyId)!.push({
				kind: 'cost_share',
				termsId: unit.terms.id,
				halfDays: unit.halfDays,
				allHalfDays,
				sharedCents,
				amountCents: shares[index]
			});
		});
	} else {
		// Nobody came: each cost-share company's own rule says whether it takes an equal part or
		// the operator carries it; the parts are the same either way, so one company's choice never
		// moves another's bill.
		const sharing = companies
			.map((company) => ({ company, terms: lastTerms(company, isCostShare) }))
			.filter((entry): entry is { company: CompanyDays; terms: AgreementTerms } => !!entry.terms);
		if (sharing.length > 0 && sharedCents > 0) {
			const parts = splitByLargestRemainder(
				sharedCents,
				sharing.map(() => 1)
			);
			sharing.forEach(({ company, terms }, index) => {
				const splits = terms.emptyMonthRule === 'split_equally';
				lines.get(company.input.companyId)!.push({
					kind: 'empty_month',
					termsId: terms.id,
					rule: terms.emptyMonthRule,
					companies: sharing.length,
					sharedCents,
					amountCents: splits ? parts[index] : 0
				});
			});
		}
	}

	for (const company of companies) {
		const own = lines.get(company.input.companyId)!;

		// (b) Day rate: per person and date, two halves are a whole day, one is a half-day.
		const dayRate = new Map<string, { terms: AgreementTerms; whole: number; half: number }>();
		dates.forEach((date, index) => {
			const terms = company.termsByDate[index];
			if (!terms || terms.model !== 'day_rate') return;
			const entry = dayRate.get(terms.id) ?? { terms, whole: 0, half: 0 };
			for (const person of company.input.people) {
				const count = halves(person.halvesByDate.get(date));
				if (count === 2) entry.whole += 1;
				else if (count === 1) entry.half += 1;
			}
			dayRate.set(terms.id, entry);
		});
		for (const { terms, whole, half } of dayRate.values()) {
			if (whole === 0 && half === 0) continue;
			const dayRateCents = terms.dayRateCents ?? 0;
			const halfDayRateCents = terms.halfDayRateCents ?? 0;
			own.push({
				kind: 'day_rate',
				termsId: terms.id,
				wholeDays: whole,
				halfDays: half,
				dayRateCents,
				halfDayRateCents,
				amountCents: whole * dayRateCents + half * halfDayRateCents
			});
		}

		// (c) Fixed: the monthly amount, pro rata of the calendar days it was in force, the
		// versions of the month rounded together (prorateByDays): one month's fee never bills a
		// cent more because its terms changed mid-month.
		const fixedDays = new Map<string, { terms: AgreementTerms; days: number }>();
		for (const terms of company.termsByDate) {
			if (!terms || terms.model !== 'fixed') continue;
			const entry = fixedDays.get(terms.id) ?? { terms, days: 0 };
			entry.days += 1;
			fixedDays.set(terms.id, entry);
		}
		const fixedParts = [...fixedDays.values()].map(({ terms, days }) => ({
			terms,
			days,
			cents: terms.fixedMonthlyCents ?? 0
		}));
		const fixedAmounts = prorateByDays(fixedParts, dates.length);
		for (const [index, { terms, days, cents }] of fixedParts.entries()) {
			own.push({
				kind: 'fixed',
				termsId: terms.id,
				daysInForce: days,
				daysInMonth: dates.length,
				fixedMonthlyCents: cents,
				amountCents: fixedAmounts[index]
			});
		}

		// The cap bounds what cost share and day rate bill together in the month, per agreement: the
		// cap in force on an agreement's last such day of the month bounds that agreement's lines
		// (a company that left and came back within the month has two bounds, one per agreement).
		for (const span of new Set(company.spanByDate)) {
			if (span === null) continue;
			let capTerms: AgreementTerms | null = null;
			const spanTerms = new Set<string>();
			for (const [index, terms] of company.termsByDate.entries()) {
				if (!terms || company.spanByDate[index] !== span) continue;
				spanTerms.add(terms.id);
				if (terms.model !== 'fixed') capTerms = terms;
			}
			if (capTerms?.monthlyCapCents == null) continue;
			const cap = capTerms.monthlyCapCents;
			const capped = own
				.filter(
					(line) =>
						(line.kind === 'cost_share' ||
							line.kind === 'day_rate' ||
							line.kind === 'empty_month') &&
						spanTerms.has(line.termsId)
				)
				.reduce((sum, line) => sum + line.amountCents, 0);
			if (capped > cap) {
				own.push({
					kind: 'cap',
					termsId: capTerms.id,
					capCents: cap,
					amountCents: cap - capped
				});
			}
		}
	}

	// Every pending correction is billed now: the operator was told this month bills it. A company
	// with no agreement in the month (it left the house) gets a statement of its corrections
	// only, outside the split, so the other companies' lines are the same with or without it.
	const appliedAdjustmentIds: string[] = [];
	const correctionsOnly: string[] = [];
	for (const adjustment of input.adjustments) {
		let own = lines.get(adjustment.companyId);
		if (!own) {
			lines.set(adjustment.companyId, (own = []));
			correctionsOnly.push(adjustment.companyId);
		}
		appliedAdjustmentIds.push(adjustment.id);
		own.push({
			kind: 'adjustment',
			adjustmentId: adjustment.id,
			correctsMonth: adjustment.correctsMonth,
			reason: adjustment.reason,
			amountCents: adjustment.amountCents
		});
	}

	const total = (own: StatementLine[]) => own.reduce((sum, line) => sum + line.amountCents, 0);
	const statements: CompanyStatement[] = companies.map((company) => {
		const own = lines.get(company.input.companyId)!;
		return {
			companyId: company.input.companyId,
			lines: own,
			totalCents: total(own),
			halfDays: company.halvesByDate.reduce((a, b) => a + b, 0),
			people: company.input.people.map((person) => ({
				userId: person.userId,
				halfDays: dates.reduce(
					(sum, date, index) =>
						company.termsByDate[index] ? sum + halves(person.halvesByDate.get(date)) : sum,
					0
				)
			}))
		};
	});
	for (const companyId of correctionsOnly) {
		const own = lines.get(companyId)!;
		statements.push({ companyId, lines: own, totalCents: total(own), halfDays: 0, people: [] });
	}
	return {
		month: input.month,
		costCents: input.costCents,
		fundingCents,
		sharedCents,
		allHalfDays,
		companies: statements,
		billedCents: statements.reduce((sum, statement) => sum + statement.totalCents, 0),
		appliedAdjustmentIds
	};
}

// Agreement terms in words, for the lists and the printable agreement, in the page's language.
import type { AgreementTerms } from '$lib/billing/terms';
import { formatEuros } from '$lib/format';
import { m } from '$lib/paraglide/messages';

type Terms = Omit<AgreementTerms, 'id' | 'validFrom'>;

const euros = (cents: number | null) => formatEuros(cents ?? 0, { trimZeroCents: true });

/** "Share of running costs … · capped at 300 € a month · reserved seats: 2". */
export function describeTerms(terms: Terms): string {
	const parts: string[] = [];
	if (terms.model === 'cost_share') parts.push(m.agreements_summary_cost_share());
	else if (terms.model === 'day_rate') {
		parts.push(
			m.agreements_summary_day_rate({
				day: euros(terms.dayRateCents),
				half: euros(terms.halfDayRateCents)
			})
		);
	} else parts.push(m.agreements_summary_fixed({ amount: euros(terms.fixedMonthlyCents) }));
	if (terms.model !== 'fixed' && terms.monthlyCapCents !== null) {
		parts.push(m.agreements_summary_cap({ amount: euros(terms.monthlyCapCents) }));
	}
	parts.push(m.agreements_summary_seats({ count: terms.reservedSeats }));
	return parts.join(' · ');
}

/** The model's formula in words, with its figures (the printable agreement). */
export function termsFormula(terms: Terms): string[] {
	const lines: string[] = [];
	if (terms.model === 'cost_share') lines.push(m.agreements_doc_formula_cost_share());
	else if (terms.model === 'day_rate') {
		lines.push(
			m.agreements_doc_formula_day_rate({
				day: euros(terms.dayRateCents),
				half: euros(terms.halfDayRateCents)
			})
		);
	} else lines.push(m.agreements_doc_formula_fixed({ amount: euros(terms.fixedMonthlyCents) }));
	if (terms.model !== 'fixed' && terms.monthlyCapCents !== null) {
		lines.push(m.agreements_doc_cap({ amount: euros(terms.monthlyCapCents) }));
	}
	lines.push(
		terms.emptyMonthRule === 'split_equally'
			? m.agreements_doc_empty_split()
			: m.agreements_doc_empty_operator()
	);
	lines.push(m.agreements_doc_reserved({ count: terms.reservedSeats }));
	return lines;
}

// The terms of an agreement between a house's operator and a company, as data: which tariff
// model bills the company, its rates, its cap, and what happens in a month nobody came. Shared by
// the statement arithmetic on the server and the agreement forms in the browser.

/**
 * - `cost_share`: a share of the house's running costs (after public funding) pro rata of the
 *   company's person-days on site against all companies' (the founding model);
 * - `day_rate`: a rate per whole day and per half-day on site;
 * - `fixed`: a fixed monthly amount.
 */
export const tariffModels = ['cost_share', 'day_rate', 'fixed'] as const;
export type TariffModel = (typeof tariffModels)[number];

/** In a month with nobody on site, the cost-share companies split the costs equally, or the operator carries them. */
export const emptyMonthRules = ['split_equally', 'operator_carries'] as const;
export type EmptyMonthRule = (typeof emptyMonthRules)[number];

/** One version of an agreement's terms, in force from `validFrom` until the next version. */
export type AgreementTerms = {
	id: string;
	/** First date (YYYY-MM-DD) these terms apply to. */
	validFrom: string;
	/** Seats kept for the company (0 = shared seats only). */
	reservedSeats: number;
	model: TariffModel;
	/** `day_rate`: cents per whole day and per half-day on site. */
	dayRateCents: number | null;
	halfDayRateCents: number | null;
	/** `fixed`: cents per month. */
	fixedMonthlyCents: number | null;
	/** `cost_share` and `day_rate`: the most a month may bill, in cents; null = no cap. */
	monthlyCapCents: number | null;
	emptyMonthRule: EmptyMonthRule;
};

export function isTariffModel(value: unknown): value is TariffModel {
	return typeof value === 'string' && (tariffModels as readonly string[]).includes(value);
}

export function isEmptyMonthRule(value: unknown): value is EmptyMonthRule {
	return typeof value === 'string' && (emptyMonthRules as readonly string[]).includes(value);
}

/** The version in force on `date`: the latest `validFrom` on or before it, or null before the first. */
export function termsOn<T extends Pick<AgreementTerms, 'validFrom'>>(
	versions: readonly T[],
	date: string
): T | null {
	let best: T | null = null;
	for (const version of versions) {
		if (version.validFrom > date) continue;
		if (!best || version.validFrom > best.validFrom) best = version;
	}
	return best;
}

/** Whether an agreement covers `date` (YYYY-MM-DD): start ≤ date ≤ last day, open-ended when null. */
export function agreementCovers(
	agreement: { startDate: string; endDate: string | null },
	date: string
): boolean {
	return agreement.startDate <= date && (agreement.endDate === null || date <= agreement.endDate);
}

/** The terms an agreement bills `date` under: null outside its dates or before its first version. */
export function agreementTermsOn<T extends Pick<AgreementTerms, 'validFrom'>>(
	agreement: { startDate: string; endDate: string | null; versions: readonly T[] },
	date: string
): T | null {
	return agreementCovers(agreement, date) ? termsOn(agreement.versions, date) : null;
}

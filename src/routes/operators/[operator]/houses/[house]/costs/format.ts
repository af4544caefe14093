import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageData } from './$types';

type CostCategory = PageData['categories'][number];

/**
 * Basis points as the percentage field reads them back ("12,50" / "12.50"; "12" when whole): a
 * percentage is not money, so a whole one stays whole. Amounts use formatAmountInput.
 */
export function basisPointsToInput(basisPoints: number): string {
	const rest = basisPoints % 100;
	const whole = String(Math.floor(basisPoints / 100));
	if (rest === 0) return whole;
	return `${whole}${getLocale() === 'fr' ? ',' : '.'}${String(rest).padStart(2, '0')}`;
}

/**
 * After a successful enhanced save (the form is not reset, so the other fields keep what was
 * typed), shows the named fields as the page now has them: their defaults, which the reloaded
 * data set ("500,00" where "500" was typed).
 */
export function showSaved(form: HTMLFormElement, ...names: string[]): void {
	for (const name of names) {
		const field = form.elements.namedItem(name);
		if (field instanceof HTMLInputElement) field.value = field.defaultValue;
	}
}

const categoryLabels: Record<CostCategory, () => string> = {
	rent: m.billing_category_rent,
	energy: m.billing_category_energy,
	connectivity: m.billing_category_connectivity,
	cleaning: m.billing_category_cleaning,
	insurance: m.billing_category_insurance,
	maintenance: m.billing_category_maintenance,
	equipment: m.billing_category_equipment,
	other: m.billing_category_other
};

export function categoryLabel(category: CostCategory): string {
	return categoryLabels[category]();
}

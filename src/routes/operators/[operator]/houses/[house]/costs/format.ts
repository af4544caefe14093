import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageData } from './$types';

type CostCategory = PageData['categories'][number];

/** Cents as an amount field reads them back ("1250,50" / "1250.50"; "1250" when whole). */
export function centsToInput(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	const rest = abs % 100;
	const euros = String(Math.floor(abs / 100));
	if (rest === 0) return `${sign}${euros}`;
	return `${sign}${euros}${getLocale() === 'fr' ? ',' : '.'}${String(rest).padStart(2, '0')}`;
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

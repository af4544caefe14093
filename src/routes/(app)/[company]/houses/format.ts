import { getLocale } from '$lib/paraglide/runtime';

/** Cents as the cost field reads them back, with the decimal mark people use in this language. */
export function centsToInput(cents: number): string {
	const euros = Math.floor(cents / 100);
	const rest = cents % 100;
	if (rest === 0) return String(euros);
	return `${euros}${getLocale() === 'fr' ? ',' : '.'}${String(rest).padStart(2, '0')}`;
}

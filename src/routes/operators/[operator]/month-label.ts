import { getLocale } from '$lib/paraglide/runtime';

/** "2026-03" → "mars 2026" / "March 2026". */
export function monthLabel(month: string): string {
	return new Intl.DateTimeFormat(getLocale(), {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${month}-01T00:00:00Z`));
}

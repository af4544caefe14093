// What a form held before the page's scripts ran. On a slow link a page works without them
// (every form is a plain form first) and people start filling it in; when the scripts come,
// Svelte hydrates the page and puts back, in a bound <select>, the value the page was rendered
// with. A component reads the person's choice here first.
import { browser } from '$app/environment';

let hydrated = false;

/**
 * The root layout's mount: every component of the first page has been hydrated by then. The
 * `<html>` element says so too (`data-hydrated`): the browser tests wait for it after opening a
 * page, so that a click on a control that needs the scripts (a dialog, a menu) does not land
 * first on the plain form a page is before it hydrates.
 */
export function markHydrated(): void {
	hydrated = true;
	document.documentElement.dataset.hydrated = '';
}

/**
 * The value of the form control `id` as the page shows it while it is being hydrated (what the
 * person chose before the scripts ran); undefined on the server, after hydration, or when absent.
 */
export function valueBeforeScripts(id: string): string | undefined {
	if (!browser || hydrated) return undefined;
	const control = document.getElementById(id);
	return control instanceof HTMLSelectElement || control instanceof HTMLInputElement
		? control.value
		: undefined;
}

/**
 * Whether the <details> `id` was opened by the person before the scripts ran (a form unfolded on
 * a slow link): hydration would fold it again under their fingers. Undefined when not known.
 */
export function openBeforeScripts(id: string): boolean | undefined {
	if (!browser || hydrated) return undefined;
	const details = document.getElementById(id);
	return details instanceof HTMLDetailsElement && details.open ? true : undefined;
}

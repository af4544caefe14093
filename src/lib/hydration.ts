// What a form held before the page's scripts ran. On a slow link a page works without them
// (every form is a plain form first) and people start filling it in; when the scripts come,
// Svelte hydrates the page and writes into each field the value the page was rendered with: a
// stand-up answer typed, a day ticked, a radio chosen while the scripts loaded were put back
// as the server drew them (Svelte sets a rendered `value`/`checked` through the property at
// hydration; only `bind:value` inputs keep what was typed). What people changed is noted from
// the start of the scripts and put back once the page is hydrated; a bound <select> and a
// <details> read the person's choice here first instead.
import { browser } from '$app/environment';

let hydrated = false;

type Typed = HTMLInputElement | HTMLTextAreaElement;
/** Each field changed before hydration, with what the person left in it. */
const typedBeforeScripts = new Map<Typed, { value: string; checked: boolean }>();

/** Fields whose state is the person's to keep (not a button, a hidden or a file input). */
function typed(target: EventTarget | null): target is Typed {
	if (target instanceof HTMLTextAreaElement) return true;
	return (
		target instanceof HTMLInputElement &&
		!['hidden', 'file', 'submit', 'reset', 'button', 'image'].includes(target.type)
	);
}

/** A checkbox or radio: what it holds is `checked`, not its value. */
const isBox = (field: Typed): field is HTMLInputElement =>
	field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio');

function noteTyped(field: Typed): void {
	typedBeforeScripts.set(field, { value: field.value, checked: isBox(field) && field.checked });
	// A radio chosen unchooses the others of its group, which the person did not touch.
	if (!(field instanceof HTMLInputElement && field.type === 'radio' && field.checked)) return;
	for (const other of typedBeforeScripts.keys()) {
		const sameGroup =
			other instanceof HTMLInputElement &&
			other.type === 'radio' &&
			other.name === field.name &&
			other.form === field.form;
		if (other !== field && sameGroup) typedBeforeScripts.delete(other);
	}
}

function noteEvent(event: Event): void {
	if (!hydrated && typed(event.target)) noteTyped(event.target);
}

/**
 * From the client hooks' start, before anything is hydrated: notes what the person has already
 * changed (a field whose value is no longer the one the server rendered) and, until the page is
 * hydrated, each change they make.
 */
export function watchFieldsBeforeScripts(): void {
	for (const field of document.querySelectorAll('input, textarea')) {
		if (!typed(field)) continue;
		const changed = isBox(field)
			? field.checked !== field.defaultChecked
			: field.value !== field.defaultValue;
		if (changed) noteTyped(field);
	}
	document.addEventListener('input', noteEvent, true);
	document.addEventListener('change', noteEvent, true);
}

/** Puts back what the person changed before hydration, and tells the page's handlers. */
function restoreTyped(): void {
	document.removeEventListener('input', noteEvent, true);
	document.removeEventListener('change', noteEvent, true);
	for (const [field, kept] of typedBeforeScripts) {
		if (!field.isConnected) continue;
		const box = isBox(field);
		if (box ? field.checked === kept.checked : field.value === kept.value) continue;
		if (box) field.checked = kept.checked;
		else field.value = kept.value;
		field.dispatchEvent(new Event(box ? 'change' : 'input', { bubbles: true }));
	}
	typedBeforeScripts.clear();
}

/**
 * The root layout's mount: every component of the first page has been hydrated by then. What
 * the person changed before is put back a task later, once each enhanced form has taken its
 * fields' rendered state as what a reset brings back (./forms/initial-state.ts). The `<html>`
 * element then says so (`data-hydrated`): the browser tests wait for it after opening a page, so
 * that a click on a control that needs the scripts (a dialog, a menu) does not land first on the
 * plain form a page is before it hydrates.
 */
export function markHydrated(): void {
	hydrated = true;
	setTimeout(() => {
		restoreTyped();
		document.documentElement.dataset.hydrated = '';
	}, 0);
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

// SvelteKit's `applyAction` moves the focus to the page's body after every successful enhanced
// submit, as it does after a navigation (reset_focus). For a form that stays on its page that
// sent a person who saved their profile, a member's role or a notification setting with Enter
// back to the top of the page, their place lost; a screen reader then starts again from the top.
// Only a focused submit button got its focus back (./busy.ts). Here whatever had the focus when
// the form was sent gets it back once the answer is in, unless the page moved it somewhere on
// purpose meanwhile.
import type { SubmitFunction } from '@sveltejs/kit';
import { isFocusLost } from './busy';

function focusable(element: Element | null): element is HTMLElement {
	return (
		element instanceof HTMLElement &&
		element.isConnected &&
		!(element as HTMLElement & { disabled?: boolean }).disabled
	);
}

/** The page's answers to forms (FormMessage), with what each said before the form was sent. */
function answersNow(): Map<Element, string> {
	return new Map(
		[...document.querySelectorAll('[data-form-answer]')].map((answer) => [
			answer,
			answer.textContent ?? ''
		])
	);
}

const CONTROLS =
	'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** The part of the page a form stands in: the section (or dialog) whose heading names it. */
const SECTIONS = 'section, [role="region"], dialog, [role="dialog"]';

/**
 * The controls just after and just before the form in reading order, among `controls` and outside
 * the form: where a person goes on to when the form is gone (the next notification after the one
 * marked as read).
 */
function neighboursAmong(form: HTMLFormElement, controls: Iterable<Element>): Element[] {
	let previous: Element | undefined;
	for (const control of controls) {
		if (form.contains(control) || control.contains(form)) continue;
		if (form.compareDocumentPosition(control) & Node.DOCUMENT_POSITION_FOLLOWING) {
			return previous ? [control, previous] : [control];
		}
		previous = control;
	}
	return previous ? [previous] : [];
}

/** What the page held around the form when it was sent, for when the form goes away. */
type Surroundings = {
	/** The section the form stood in, if any. */
	section: Element | null;
	/** The controls beside the form inside that section, then beside it in the whole page. */
	inSection: Element[];
	inPage: Element[];
};

function surroundingsOf(form: HTMLFormElement): Surroundings {
	const section = form.parentElement?.closest(SECTIONS) ?? null;
	return {
		section,
		inSection: section ? neighboursAmong(form, section.querySelectorAll(CONTROLS)) : [],
		inPage: neighboursAmong(form, document.querySelectorAll(CONTROLS))
	};
}

/** The heading that names a section: the one its `aria-labelledby` points to, or its first. */
function headingOf(section: Element): HTMLElement | null {
	const labelledBy = section.getAttribute('aria-labelledby')?.split(/\s+/)[0];
	const named = labelledBy ? document.getElementById(labelledBy) : null;
	const heading = named ?? section.querySelector('h1, h2, h3, h4, h5, h6');
	return heading instanceof HTMLElement ? heading : null;
}

/** Gives a non-control a place the script can focus, which Tab then goes on from. */
function focusableByScript(element: HTMLElement): HTMLElement {
	if (!element.hasAttribute('tabindex')) element.tabIndex = -1;
	return element;
}

/**
 * Where the focus may go back to, best first: the element that had it; what took its place when
 * the page drew it anew (same id); the form's first field, so the person stays by the form; when
 * the form went too (a row archived, removed, moved to another list), the answer the save
 * brought, which is where the row now stands or what the page says about it; with no answer, the
 * control that came after the form in its section, or before it (the next notification); when
 * the section was drawn anew without them (a stand-up's round once started or ended), the
 * section's heading, from which its new state is read; and last, the controls beside the form in
 * the page, as it stood when the form was sent.
 */
function* placesToReturnTo(
	focused: Element,
	form: HTMLFormElement,
	answersBefore: Map<Element, string>,
	around: Surroundings
): Generator<HTMLElement> {
	if (focusable(focused)) yield focused;
	const redrawn = focused.id ? document.getElementById(focused.id) : null;
	if (focusable(redrawn)) yield redrawn;
	if (form.isConnected) {
		const first = form.querySelector('input:not([type="hidden"]), select, textarea, button');
		if (focusable(first)) yield first;
	}
	for (const [answer, said] of answersNow()) {
		if (!(answer instanceof HTMLElement) || answersBefore.get(answer) === said) continue;
		yield focusableByScript(answer);
	}
	for (const neighbour of around.inSection) if (focusable(neighbour)) yield neighbour;
	const heading = around.section?.isConnected ? headingOf(around.section) : null;
	if (heading?.isConnected) yield focusableByScript(heading);
	for (const neighbour of around.inPage) if (focusable(neighbour)) yield neighbour;
}

/**
 * Wraps a `use:enhance` submit function so that the focus is where it was once a successful
 * answer is taken in. It must wrap the busy state (./busy.ts): a button is focusable again only
 * once that state is over.
 */
export function withFocusKept<
	Success extends Record<string, unknown> | undefined,
	Failure extends Record<string, unknown> | undefined
>(submit: SubmitFunction<Success, Failure>): SubmitFunction<Success, Failure> {
	return async (input) => {
		const focused = document.activeElement;
		// Nothing had the focus: nothing to give back, and no need to read the page around the form.
		if (focused === null || focused === document.body) return submit(input);
		const answersBefore = answersNow();
		const around = surroundingsOf(input.formElement);
		const after = await submit(input);
		return async (options) => {
			if (after) await after(options);
			else await options.update();
			if (options.result.type !== 'success' || !isFocusLost()) return;
			// A place inside something hidden (a closed dialog's form) takes no focus: the next one.
			const places = placesToReturnTo(focused, input.formElement, answersBefore, around);
			for (const place of places) {
				place.focus({ preventScroll: place === focused });
				if (document.activeElement === place) return;
			}
		};
	};
}

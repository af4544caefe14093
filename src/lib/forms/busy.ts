// One way for every form to show that it is being sent and to refuse a second send meanwhile
// (two quick clicks on "Create" used to make two documents): the form gets aria-busy="true", the
// button that sent it is disabled and shows a spinner (app.css, `button[data-busy]`), its other
// buttons are disabled too, and a submit while the form is busy is dropped. The other buttons
// must look it: a person who pressed "Clear status" while "Set status" was still settling saw
// nothing happen, their press silently dropped. `enhance` (./enhance.ts) does it for enhanced forms,
// `guardPlainForms` for the forms the browser sends itself.
import type { SubmitFunction } from '@sveltejs/kit';

/** What the busy state touches on a form (an HTMLFormElement in the browser). */
export type BusyForm = Pick<
	HTMLFormElement,
	'getAttribute' | 'setAttribute' | 'removeAttribute'
> & {
	querySelector(selectors: string): Element | null;
	querySelectorAll(selectors: string): Iterable<Element>;
};

/** The controls that send a form. */
const SUBMIT_BUTTONS = 'button:not([type]), button[type="submit"], input[type="submit"]';

/** The element that sent the form, as a submit event or `enhance` names it. */
export type Submitter = Pick<HTMLElement, 'setAttribute' | 'removeAttribute'> & {
	disabled?: boolean;
};

export function isBusy(form: BusyForm): boolean {
	return form.getAttribute('aria-busy') === 'true';
}

/**
 * Marks `form` busy and disables the button that sent it (or, for `requestSubmit()` without one,
 * its first submit button) with a spinner, and its other submit buttons; the returned function
 * undoes it, once.
 */
export function markBusy(form: BusyForm, submitter: Submitter | null): () => void {
	form.setAttribute('aria-busy', 'true');
	const sender = submitter ?? (form.querySelector(SUBMIT_BUTTONS) as Submitter | null);
	const others = [...form.querySelectorAll(SUBMIT_BUTTONS)] as unknown as Submitter[];
	// Only those enabled now: one disabled for its own reasons stays so.
	const disabled = [sender, ...others.filter((button) => button !== sender)].filter(
		(button): button is Submitter =>
			button !== null && typeof button.disabled === 'boolean' && !button.disabled
	);
	// A disabled button loses the keyboard focus: give it back once the answer is in.
	const focused =
		typeof document === 'undefined'
			? undefined
			: disabled.find((button) => (document.activeElement as unknown) === button);
	for (const button of disabled) {
		button.disabled = true;
		if (button === sender) button.setAttribute('data-busy', '');
	}
	let released = false;
	return () => {
		if (released) return;
		released = true;
		form.removeAttribute('aria-busy');
		for (const button of disabled) {
			button.removeAttribute('data-busy');
			button.disabled = false;
		}
		const element = focused as unknown as HTMLElement | undefined;
		if (element && isFocusLost() && 'focus' in element && element.isConnected) {
			element.focus({ preventScroll: true });
		}
	};
}

/** Whether the focus fell to the page (its body), as after a control it was on went away. */
export function isFocusLost(): boolean {
	return document.activeElement === null || document.activeElement === document.body;
}

/**
 * Wraps a `use:enhance` submit function: a form already on its way is not sent again, and the
 * busy state lasts until the page has taken the answer in (the given callback, or SvelteKit's
 * default `update()`), whatever the answer was.
 */
export function withBusyState<
	Success extends Record<string, unknown> | undefined,
	Failure extends Record<string, unknown> | undefined
>(submit?: SubmitFunction<Success, Failure>): SubmitFunction<Success, Failure> {
	return async (input) => {
		const form = input.formElement;
		if (isBusy(form)) {
			input.cancel();
			return;
		}
		const release = markBusy(form, input.submitter);
		// Aborted requests never reach the callback below.
		input.controller.signal.addEventListener('abort', release);
		let cancelled = false;
		const cancel = () => {
			cancelled = true;
			input.cancel();
		};
		let after: Awaited<ReturnType<SubmitFunction<Success, Failure>>>;
		try {
			after = await submit?.({ ...input, cancel });
		} catch (error) {
			release();
			throw error;
		}
		if (cancelled) {
			release();
			return;
		}
		return async (options) => {
			try {
				if (after) await after(options);
				else await options.update();
			} finally {
				release();
			}
		};
	};
}

/**
 * The same for forms without `use:enhance` that the browser sends itself (log out, the language
 * switcher): busy until the next page replaces this one. Forms whose submit a script handled
 * (enhanced forms, SvelteKit's GET forms, forms with their own onsubmit) are left alone. Returns
 * the function that stops guarding.
 */
export function guardPlainForms(root: Document): () => void {
	const onSubmit = (event: SubmitEvent) => {
		const form = event.target;
		if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
		// Sent to another window, the page stays: nothing would ever end the busy state.
		if (form.target && form.target !== '_self') return;
		if (isBusy(form)) {
			event.preventDefault();
			return;
		}
		// The browser reads the form's fields (the submitter's name and value among them) after
		// this event: the button is disabled on the next turn, once they are read.
		form.setAttribute('aria-busy', 'true');
		const submitter = event.submitter as Submitter | null;
		setTimeout(() => markBusy(form, submitter));
	};
	// Back to this page from the history cache: the form was answered long ago.
	const onPageShow = (event: PageTransitionEvent) => {
		if (!event.persisted) return;
		for (const form of root.querySelectorAll('form[aria-busy="true"]')) {
			form.removeAttribute('aria-busy');
			for (const button of form.querySelectorAll<HTMLButtonElement>('button[data-busy]')) {
				button.removeAttribute('data-busy');
				button.disabled = false;
			}
		}
	};
	root.addEventListener('submit', onSubmit);
	root.defaultView?.addEventListener('pageshow', onPageShow);
	return () => {
		root.removeEventListener('submit', onSubmit);
		root.defaultView?.removeEventListener('pageshow', onPageShow);
	};
}

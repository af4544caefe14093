// One way for every form to show that it is being sent and to refuse a second send meanwhile
// (two quick clicks on "Create" used to make two documents): the form gets aria-busy="true", the
// button that sent it is disabled and shows a spinner (app.css, `button[data-busy]`), and a
// submit while the form is busy is dropped. `enhance` (./enhance.ts) does it for enhanced forms,
// `guardPlainForms` for the forms the browser sends itself.
import type { SubmitFunction } from '@sveltejs/kit';

/** What the busy state touches on a form (an HTMLFormElement in the browser). */
export type BusyForm = Pick<
	HTMLFormElement,
	'getAttribute' | 'setAttribute' | 'removeAttribute'
> & {
	querySelector(selectors: string): Element | null;
};

/** The element that sent the form, as a submit event or `enhance` names it. */
export type Submitter = Pick<HTMLElement, 'setAttribute' | 'removeAttribute'> & {
	disabled?: boolean;
};

export function isBusy(form: BusyForm): boolean {
	return form.getAttribute('aria-busy') === 'true';
}

/**
 * Marks `form` busy and disables the button that sent it (or, for `requestSubmit()` without one,
 * its first submit button); the returned function undoes it, once.
 */
export function markBusy(form: BusyForm, submitter: Submitter | null): () => void {
	form.setAttribute('aria-busy', 'true');
	const button =
		submitter ??
		(form.querySelector('button:not([type]), button[type="submit"]') as Submitter | null);
	const disables = button !== null && typeof button.disabled === 'boolean' && !button.disabled;
	// A disabled button loses the keyboard focus: give it back once the answer is in.
	const hadFocus =
		typeof document !== 'undefined' && button !== null && document.activeElement === button;
	if (button && disables) {
		button.disabled = true;
		button.setAttribute('data-busy', '');
	}
	let released = false;
	return () => {
		if (released) return;
		released = true;
		form.removeAttribute('aria-busy');
		if (button && disables) {
			button.removeAttribute('data-busy');
			button.disabled = false;
			if (hadFocus && isFocusLost() && 'focus' in button && (button as HTMLElement).isConnected) {
				(button as HTMLElement).focus({ preventScroll: true });
			}
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

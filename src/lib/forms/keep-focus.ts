// SvelteKit's `applyAction` moves the focus to the page's body after every successful enhanced
// submit, as it does after a navigation (reset_focus). For a form that stays on its page that
// sent a person who saved their profile, a member's role or a notification setting with Enter
// back to the top of the page, their place lost; a screen reader then starts again from the top.
// Only a focused submit button got its focus back (./busy.ts). Here whatever had the focus when
// the form was sent gets it back once the answer is in, unless the page moved it somewhere on
// purpose meanwhile.
import type { SubmitFunction } from '@sveltejs/kit';

function focusLost(): boolean {
	return document.activeElement === null || document.activeElement === document.body;
}

function focusable(element: Element | null): element is HTMLElement {
	return (
		element instanceof HTMLElement &&
		element.isConnected &&
		!(element as HTMLElement & { disabled?: boolean }).disabled
	);
}

/**
 * Where the focus goes back to: the element that had it, or what took its place when the page
 * drew it anew (same id), or else the form's first field, so the person stays by the form.
 */
function placeToReturnTo(focused: Element, form: HTMLFormElement): HTMLElement | null {
	if (focusable(focused)) return focused;
	const redrawn = focused.id ? document.getElementById(focused.id) : null;
	if (focusable(redrawn)) return redrawn;
	if (!form.isConnected) return null;
	const first = form.querySelector('input:not([type="hidden"]), select, textarea, button');
	return focusable(first) ? first : null;
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
		const after = await submit(input);
		if (focused === null || focused === document.body) return after;
		return async (options) => {
			if (after) await after(options);
			else await options.update();
			if (options.result.type !== 'success' || !focusLost()) return;
			placeToReturnTo(focused, input.formElement)?.focus({ preventScroll: true });
		};
	};
}

// The `use:enhance` every form goes through: SvelteKit's, with the busy state of ./busy.ts (the
// form says it is working and cannot be sent twice), a reset after success that brings the
// form back as it first was (./initial-state.ts), and the focus left where the person was after a
// save (./keep-focus.ts). Import it instead of `$app/forms`'s.
import { enhance as kitEnhance } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';
import { withBusyState } from './busy';
import { keepInitialState } from './initial-state';
import { withFocusKept } from './keep-focus';

export function enhance<
	Success extends Record<string, unknown> | undefined,
	Failure extends Record<string, unknown> | undefined
>(form: HTMLFormElement, submit?: SubmitFunction<Success, Failure>): { destroy(): void } {
	const stopKeeping = keepInitialState(form);
	const enhanced = kitEnhance(form, withFocusKept(withBusyState(submit)));
	return {
		destroy() {
			stopKeeping();
			enhanced.destroy();
		}
	};
}

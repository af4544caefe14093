// The `use:enhance` every form goes through: SvelteKit's, with the busy state of ./busy.ts (the
// form says it is working and cannot be sent twice). Import it instead of `$app/forms`'s.
import { enhance as kitEnhance } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';
import { withBusyState } from './busy';

export function enhance<
	Success extends Record<string, unknown> | undefined,
	Failure extends Record<string, unknown> | undefined
>(form: HTMLFormElement, submit?: SubmitFunction<Success, Failure>): { destroy(): void } {
	return kitEnhance(form, withBusyState(submit));
}

// A form folded in a <details>: the person opens and closes it; the page opens it only to show
// the answer to a submission (why it was refused, or, for a form saved without scripts, that it
// was saved). Its `open` is never written by a template effect: Svelte writes
// an element's properties in one effect per element, and that effect runs again at any change of
// the form's other values (a live update of the person's own card rebuilds them), which closed
// the form under the fingers of someone filling it in.
import { openBeforeScripts } from './hydration';

/**
 * `open` for `<details bind:open={…}>`: what the person chose, once they chose (with `id`, the
 * details' own, also before the page's scripts ran); before that, whether the form has an answer
 * to show (so a page rendered on the server after a submission shows it open).
 */
export function foldedForm(answered: () => boolean, id?: () => string): { open: boolean } {
	// Opened before the scripts ran (on a slow link): the person's choice already.
	let chosen = $state<boolean | undefined>(id === undefined ? undefined : openBeforeScripts(id()));
	return {
		get open() {
			return chosen ?? answered();
		},
		set open(value) {
			chosen = value;
		}
	};
}

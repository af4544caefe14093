// A form folded in a <details>: the person opens and closes it; the page opens it only to show
// why a submission was refused. Its `open` is never written by a template effect: Svelte writes
// an element's properties in one effect per element, and that effect runs again at any change of
// the form's other values (a live update of the person's own card rebuilds them), which closed
// the form under the fingers of someone filling it in.

/**
 * `open` for `<details bind:open={…}>`: what the person chose, once they chose; before that,
 * whether the form was refused (so a page rendered on the server after a refusal shows it open).
 */
export function foldedForm(refused: () => boolean): { open: boolean } {
	let chosen = $state<boolean | undefined>();
	return {
		get open() {
			return chosen ?? refused();
		},
		set open(value) {
			chosen = value;
		}
	};
}

// What a form's reset goes back to. SvelteKit resets a form after each successful enhanced submit
// (`form.reset()`), which puts every field back to its *default* (the `value` and `checked`
// attributes, `selected` options). Svelte does not keep those: it sets fields through their
// properties, and removes the attributes it rendered on the server once the page is hydrated, so
// a reset emptied every field instead of bringing the form back as it first was — a house's
// opening days unticked, its opening time blank, its time zone the first of the list — and the
// next submit sent that without anyone choosing it. Here each field's state when it appears in
// the form becomes its default, so a reset brings back the form the page first showed.

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Fields whose reset is theirs to define (a file or hidden input keeps its own rules). */
function resettable(element: Element): element is Field {
	if (element instanceof HTMLInputElement)
		return element.type !== 'file' && element.type !== 'hidden';
	return element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;
}

/** Makes the field's current state its default: what `form.reset()` restores. */
export function keepAsDefault(field: Field): void {
	if (field instanceof HTMLSelectElement) {
		for (const option of field.options) option.defaultSelected = option.selected;
	} else if (
		field instanceof HTMLInputElement &&
		(field.type === 'checkbox' || field.type === 'radio')
	) {
		field.defaultChecked = field.checked;
	} else {
		// Setting the default of a field already changed leaves its current value as it is.
		const value = field.value;
		field.defaultValue = value;
		field.value = value;
	}
}

function keepAllAsDefault(root: Element): void {
	if (resettable(root)) keepAsDefault(root);
	for (const field of root.querySelectorAll('input, select, textarea')) {
		if (resettable(field)) keepAsDefault(field);
	}
}

/**
 * Keeps the state of `form`'s fields as they first appear as their defaults: those there now,
 * once Svelte has finished hydrating them (it drops the server's attributes in a microtask, so
 * this waits for the next task), and those added later (a field shown by a choice) when they
 * are added. Returns the function that stops watching.
 */
export function keepInitialState(form: HTMLFormElement): () => void {
	const added = new MutationObserver((records) => {
		for (const record of records) {
			for (const node of record.addedNodes) if (node instanceof Element) keepAllAsDefault(node);
		}
	});
	const start = setTimeout(() => {
		keepAllAsDefault(form);
		added.observe(form, { childList: true, subtree: true });
	}, 0);
	return () => {
		clearTimeout(start);
		added.disconnect();
	};
}

// A call's small menus (a tile's ⋯, the reactions picker) are <details>: the browser opens and
// closes them from their summary only, so one stayed open over the call until its button was
// pressed again. Escape closes the menu the focus is in (the focus back on its button), and a
// click or tap anywhere else closes it, as menus do elsewhere.

/**
 * An attachment for such a `<details>`. `keepOpen`: while it says so (a question armed inside the
 * menu), Escape is left to the question, which takes itself back first.
 */
export function closeOnEscapeOrElsewhere(keepOpen: () => boolean = () => false) {
	return (details: HTMLDetailsElement) => {
		const onKey = (event: KeyboardEvent) => {
			if (event.key !== 'Escape' || !details.open || keepOpen()) return;
			event.preventDefault();
			details.open = false;
			details.querySelector('summary')?.focus();
		};
		const onPointer = (event: PointerEvent) => {
			if (!details.open) return;
			if (event.target instanceof Node && details.contains(event.target)) return;
			// The focus goes where the person clicked, as the browser moves it.
			details.open = false;
		};
		details.addEventListener('keydown', onKey);
		document.addEventListener('pointerdown', onPointer, true);
		return () => {
			details.removeEventListener('keydown', onKey);
			document.removeEventListener('pointerdown', onPointer, true);
		};
	};
}

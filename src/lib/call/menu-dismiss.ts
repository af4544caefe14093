// A call's small menus (a tile's ⋯, the reactions picker) are <details>: the browser opens and
// closes them from their summary only, so one stayed open over the call until its button was
// pressed again. Escape closes the menu the focus is in (the focus back on its button), and a
// click or tap anywhere else closes it, as menus do elsewhere. Armed questions ("End for
// everyone?") are taken back by a click elsewhere the same way.

/**
 * An attachment that calls `elsewhere` on every click or tap outside the element it is attached
 * to. The focus goes where the person clicked, as the browser moves it.
 */
export function onPointerElsewhere(elsewhere: () => void) {
	return (element: HTMLElement) => {
		const listener = (event: PointerEvent) => {
			if (!(event.target instanceof Node && element.contains(event.target))) elsewhere();
		};
		document.addEventListener('pointerdown', listener, true);
		return () => document.removeEventListener('pointerdown', listener, true);
	};
}

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
		details.addEventListener('keydown', onKey);
		const stopPointer = onPointerElsewhere(() => (details.open = false))(details);
		return () => {
			details.removeEventListener('keydown', onKey);
			stopPointer();
		};
	};
}

// Where a small menu opens from its button so that it is whole in the window: a call's tiles
// clip what overflows them, and on a phone a tile is narrower than its moderation menu (which
// opened off the screen's left edge, its last item under the next tile).

export type Rect = { top: number; right: number; bottom: number; left: number };
export type Size = { width: number; height: number };

/** Space kept between the menu and the window's edges. */
const MARGIN = 8;
/** Between the button and the menu. */
const OFFSET = 4;

/**
 * The window position of a menu of `menu` size opened from `button`: below it, right edges
 * aligned, moved left or right to stay in the window; above the button when there is no room
 * below (a tile near the controls), then within the window whatever it takes.
 */
export function placeMenu(button: Rect, menu: Size, window: Size): { left: number; top: number } {
	const left = clamp(button.right - menu.width, MARGIN, window.width - menu.width - MARGIN);
	const below = button.bottom + OFFSET;
	const above = button.top - OFFSET - menu.height;
	const top =
		below + menu.height <= window.height - MARGIN || above < MARGIN
			? Math.min(below, window.height - menu.height - MARGIN)
			: above;
	return { left, top: Math.max(MARGIN, top) };
}

function clamp(value: number, low: number, high: number): number {
	return Math.max(low, Math.min(value, Math.max(low, high)));
}

/**
 * Keeps the menu inside `details` (its `[data-menu]`) placed in the window while it is open, as
 * the page scrolls or the window changes: an attachment.
 */
export function keepMenuInWindow(details: HTMLDetailsElement) {
	const place = () => {
		const summary = details.querySelector('summary');
		const menu = details.querySelector<HTMLElement>('[data-menu]');
		if (!details.open || !summary || !menu) return;
		const { left, top } = placeMenu(
			summary.getBoundingClientRect(),
			{ width: menu.offsetWidth, height: menu.offsetHeight },
			{ width: window.innerWidth, height: window.innerHeight }
		);
		menu.style.left = `${left}px`;
		menu.style.top = `${top}px`;
	};
	details.addEventListener('toggle', place);
	window.addEventListener('resize', place);
	// Any scrolling box (the page, a thumbnail strip) moves the button.
	window.addEventListener('scroll', place, true);
	// The menu grows while open (a question to confirm): placed again, it stays whole.
	const menu = details.querySelector<HTMLElement>('[data-menu]');
	const resized = new ResizeObserver(place);
	if (menu) resized.observe(menu);
	return () => {
		details.removeEventListener('toggle', place);
		window.removeEventListener('resize', place);
		window.removeEventListener('scroll', place, true);
		resized.disconnect();
	};
}

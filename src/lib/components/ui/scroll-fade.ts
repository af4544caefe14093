// A strip that scrolls sideways (the tabs of a space, a table wider than a phone) fades out at an
// edge where more lies that way: a bare, scrollbar-less strip gave no hint that it went on.
import type { Attachment } from 'svelte/attachments';

/** How wide the fading edge is. */
const FADE = '2rem';

/**
 * Attaches the fading edges to a scrolling element, kept right as it scrolls or changes size.
 * `onScrolls` hears whether it scrolls at all (a table then lets the keyboard reach it).
 * `stuckStart` gives, in pixels from the strip's left edge, where something kept in place at the
 * start (a table's sticky first column) ends: the start's fade then begins there, so what is
 * kept stays whole and the content fades as it slides under it.
 */
export function scrollFade(
	onScrolls?: (scrolls: boolean) => void,
	stuckStart?: (strip: HTMLElement) => number
): Attachment<HTMLElement> {
	return (strip) => {
		let last: boolean | undefined;
		function measure() {
			const before = strip.scrollLeft > 1;
			const after = strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 1;
			const stuck = before && stuckStart ? Math.max(0, Math.round(stuckStart(strip))) : 0;
			const start = !before
				? 'black'
				: stuck > 0
					? `black ${stuck}px, transparent ${stuck}px`
					: 'transparent';
			const mask =
				before || after
					? `linear-gradient(to right, ${start}, black ${stuck > 0 ? `calc(${stuck}px + ${FADE})` : FADE}, black calc(100% - ${FADE}), ${after ? 'transparent' : 'black'})`
					: '';
			strip.style.maskImage = mask;
			strip.style.setProperty('-webkit-mask-image', mask);
			const scrolls = strip.scrollWidth > strip.clientWidth + 1;
			if (scrolls !== last) onScrolls?.((last = scrolls));
		}
		measure();
		strip.addEventListener('scroll', measure, { passive: true });
		// The strip's own size, and its content's (a table filled in after a live update).
		const observer = new ResizeObserver(measure);
		observer.observe(strip);
		if (strip.firstElementChild) observer.observe(strip.firstElementChild);
		return () => {
			strip.removeEventListener('scroll', measure);
			observer.disconnect();
		};
	};
}

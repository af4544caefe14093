import { describe, expect, it } from 'vitest';
import { placeMenu } from './menu-place';

const PHONE = { width: 360, height: 740 };
const MENU = { width: 192, height: 92 };

describe('placeMenu', () => {
	it('opens below its button, right edges aligned, when it fits', () => {
		const button = { top: 60, right: 344, bottom: 84, left: 320 };
		expect(placeMenu(button, MENU, PHONE)).toEqual({ left: 152, top: 88 });
	});

	it('stays in the window from a narrow tile on the left of a phone', () => {
		// A 168 px tile at x = 8: its button ends at x = 168, the menu is 192 px wide.
		const button = { top: 60, right: 168, bottom: 84, left: 144 };
		expect(placeMenu(button, MENU, PHONE).left).toBe(8);
	});

	it('opens above its button near the bottom of the window', () => {
		const button = { top: 660, right: 344, bottom: 684, left: 320 };
		expect(placeMenu(button, MENU, PHONE)).toEqual({ left: 152, top: 564 });
	});

	it('stays in the window when it fits neither below nor above', () => {
		const placed = placeMenu({ top: 40, right: 100, bottom: 64, left: 76 }, MENU, {
			width: 300,
			height: 120
		});
		expect(placed.top).toBeGreaterThanOrEqual(8);
		expect(placed.top + MENU.height).toBeLessThanOrEqual(120);
	});
});

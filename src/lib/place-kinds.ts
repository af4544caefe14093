import { m } from '$lib/paraglide/messages';
import type { PlaceOutsideHouse } from '$lib/vocabulary';

/**
 * The translated name of a place that is not a house, or of no place at all (`unset`: neither
 * planned nor checked in). A house goes by its own name.
 */
export function placeKindLabel(kind: PlaceOutsideHouse | 'unset'): string {
	switch (kind) {
		case 'home':
			return m.presence_place_home();
		case 'travelling':
			return m.presence_place_travelling();
		case 'off':
			return m.presence_place_off();
		case 'unset':
			return m.presence_place_unset();
	}
}

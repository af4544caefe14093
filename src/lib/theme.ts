// Light or dark pages: the person's choice (users.theme) or, without one, the device's. The class
// goes on <html> (hooks.server.ts on the server, the root layout after a change), and app.css
// turns the palette around under `.dark`, or under `.theme-system` on a dark device.
import type { Theme } from '$lib/server/db/schema/accounts';

export type ThemeChoice = Theme | 'system';

export const THEME_CLASSES = ['light', 'dark', 'theme-system'] as const;
export type ThemeClass = (typeof THEME_CLASSES)[number];

export function themeClass(theme: Theme | null | undefined): ThemeClass {
	return theme ?? 'theme-system';
}

/** The browser's toolbar colour, the header's colour in each theme (app.css: white, turned). */
export const THEME_COLORS = { light: '#ffffff', dark: '#1a1715' } as const;

// Where the browser tests find Chromium. Playwright never downloads a browser here: we use the
// system's Chromium (Debian's `chromium` and `chromium-headless-shell` packages), or the one
// CHROMIUM_PATH names.
import { existsSync } from 'node:fs';

/** Where Debian's chromium-headless-shell package puts it. */
export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

const fullBrowsers = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The full Chromium (or CHROMIUM_PATH), or undefined when none is installed. */
export function findFullChromium() {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	return fullBrowsers.find((path) => existsSync(path));
}

/** Any Chromium to drive: the full one, else the headless shell (the benchmarks, the icons). */
export function findChromium() {
	return findFullChromium() ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : undefined);
}

/**
 * The Chromium most browser tests drive: Debian's headless shell when installed (the browser
 * Playwright itself runs headless tests in), else the full one. The shell has no browser UI to
 * keep up, and the same tests cost a fifth less CPU in it on our 2 cores. What it lacks (push
 * notifications: it denies the permission) is tested in the full one (playwright.config.ts).
 */
export function findTestChromium() {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	return existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : findFullChromium();
}

/** The flags every browser test launches Chromium with (fake camera and microphone, no chatter). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--use-fake-device-for-media-stream',
	'--use-fake-ui-for-media-stream'
];

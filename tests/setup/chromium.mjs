// Where the browser tests find Chromium. Playwright never downloads a browser here: we use the
// system's Chromium (Debian's `chromium` package), or the one CHROMIUM_PATH names.
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable to use, or undefined when none is installed. */
export function findChromium() {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	return candidates.find((path) => existsSync(path));
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

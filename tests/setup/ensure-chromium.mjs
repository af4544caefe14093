// Run by `npm test` before the browser tests: finds the two Chromiums they use (the headless shell
// for most, the full browser for push), installs Debian's packages for what is missing when we may
// (root on Debian), and otherwise says exactly what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findFullChromium, findTestChromium, HEADLESS_SHELL } from './chromium.mjs';

function mayInstall() {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	return isRoot && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

const missing = [];
if (!process.env.CHROMIUM_PATH) {
	if (!existsSync(HEADLESS_SHELL)) missing.push('chromium-headless-shell');
	if (!findFullChromium()) missing.push('chromium');
}
if (missing.length > 0 && mayInstall()) {
	console.log(`Installing Debian’s ${missing.join(' and ')} for the browser tests…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

const tests = findTestChromium();
const full = findFullChromium();
if (!tests || !full) {
	console.error(
		[
			!tests
				? 'The browser tests need Chromium, and none was found.'
				: 'The push notification tests need the full Chromium (the headless shell denies them).',
			'Install it, then run the tests again:',
			'  Debian/Ubuntu: sudo apt-get install chromium chromium-headless-shell',
			'  Fedora:        sudo dnf install chromium',
			'  macOS:         brew install --cask chromium',
			'Or point CHROMIUM_PATH at an installed Chromium or Chrome executable.'
		].join('\n')
	);
	process.exit(1);
}
console.log(`Browser tests will use ${tests}${tests === full ? '' : ` (and ${full} for push)`}`);

// Run by `npm test` before the browser tests: finds Chromium, installs Debian's package when we
// may (root on Debian), and otherwise says exactly what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

function install() {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
	if (!isRoot || !isDebian) return false;
	console.log('Chromium is missing: installing Debian’s chromium package…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
	return true;
}

let path = findChromium();
if (!path && install()) path = findChromium();
if (!path) {
	console.error(
		[
			'The browser tests need Chromium, and none was found.',
			'Install it, then run the tests again:',
			'  Debian/Ubuntu: sudo apt-get install chromium',
			'  Fedora:        sudo dnf install chromium',
			'  macOS:         brew install --cask chromium',
			'Or point CHROMIUM_PATH at an installed Chromium or Chrome executable.'
		].join('\n')
	);
	process.exit(1);
}
console.log(`Browser tests will use ${path}`);

// Renders the app's PNG icons from the SVGs in static/icons with the system's Chromium (the one the
// browser tests use), so the icons are drawn here and never downloaded. Run it again after editing
// an SVG and commit the PNGs: `node scripts/render-icons.mjs`.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from '../tests/setup/chromium.mjs';

const dir = join(import.meta.dirname, '..', 'static', 'icons');
/** file written ← SVG drawn, size in px; transparent corners only for the rounded "any" icons. */
const icons = [
	{ file: 'icon-192.png', svg: 'icon.svg', size: 192, transparent: true },
	{ file: 'icon-512.png', svg: 'icon.svg', size: 512, transparent: true },
	// Maskable: full bleed, the drawing inside the central safe circle (80 % of the width).
	{ file: 'icon-maskable-512.png', svg: 'icon-maskable.svg', size: 512, transparent: false },
	// iOS rounds the corners itself and shows transparency as black.
	{ file: 'apple-touch-icon.png', svg: 'icon-maskable.svg', size: 180, transparent: false }
];

const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
try {
	const page = await browser.newPage();
	for (const { file, svg, size, transparent } of icons) {
		await page.setViewportSize({ width: size, height: size });
		const markup = readFileSync(join(dir, svg), 'utf8').replace(
			'<svg ',
			`<svg width="${size}" height="${size}" `
		);
		await page.setContent(
			`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${markup}`
		);
		await page.screenshot({ path: join(dir, file), omitBackground: transparent });
		console.log(`${file} (${size}×${size})`);
	}
} finally {
	await browser.close();
}

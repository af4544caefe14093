// The media process dies in the middle of a call: the call says so honestly, joins again by
// itself, and each person sees the other once (no ghost tile of the old connection).
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { expect, test } from '@playwright/test';
import { e2eDataDir } from './data-dir.mjs';
import { companyWithTwoHouses, expectVideoPlays, joinRoom, tileOf } from './video-support';

test('a call comes back by itself after the media server restarts', async ({ browser }) => {
	test.setTimeout(180_000);
	const team = await companyWithTwoHouses(browser, {
		company: 'Ferme du Larzac',
		houses: ['Maison de Millau', 'Maison de Nant'],
		owner: 'Rose Fabre',
		colleagues: [{ name: 'Hugo Puech', house: 'Maison de Nant' }]
	});
	const { slug, owner: rose } = team;
	const [hugo] = team.colleagues;
	await joinRoom(rose, slug, 'All hands');
	await joinRoom(hugo, slug, 'All hands');
	await expectVideoPlays(rose, 'Hugo Puech');

	const pid = Number(readFileSync(joinPath(e2eDataDir(), 'media.pid'), 'utf8'));
	process.kill(pid, 'SIGKILL');

	// Honest states: first the loss, then the way back.
	const phase = rose.locator('[data-call-phase]');
	await expect(phase).toHaveAttribute('data-call-phase', /reconnecting|rejoining/, {
		timeout: 30_000
	});
	await expect(phase).toHaveAttribute('data-call-phase', /rejoined|connected/, {
		timeout: 60_000
	});
	await expect(hugo.locator('[data-call-phase]')).toHaveAttribute(
		'data-call-phase',
		/rejoined|connected/,
		{ timeout: 60_000 }
	);
	await expectVideoPlays(rose, 'Hugo Puech');
	await expectVideoPlays(hugo, 'Rose Fabre');
	await expect(tileOf(rose, 'Hugo Puech')).toHaveCount(1);
	await expect(tileOf(hugo, 'Rose Fabre')).toHaveCount(1);

	await team.close();
});

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWith, setUpStandup } from './stand-up-support';

// An English owner sets a stand-up up on a 360 px phone; a French colleague answers it. Found on a
// tour of a company's day: the form scrolled sideways, empty answers were counted as answers, and
// dates read "2026-12-05" in French sentences.
test.describe.configure({ timeout: 120_000 });

const PHONE = { width: 360, height: 740 };

/** The page fits the screen: nothing to scroll sideways to. */
async function expectNoSidewaysScroll(page: Page) {
	await expect
		.poll(() =>
			page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			)
		)
		.toBeLessThanOrEqual(0);
}

/** A button is whole on the screen once scrolled to (up and down), not cut off at an edge. */
async function expectWhole(page: Page, button: string) {
	const target = page.getByRole('button', { name: button });
	await target.scrollIntoViewIfNeeded();
	await expect(target).toBeInViewport({ ratio: 1 });
}

test('a stand-up is set up on a phone and answered in French', async ({ openProfile }) => {
	const { slug, manager, members } = await companyWith(openProfile, 'Olivia Owner', ['Ana Martin']);
	const [ana] = members;
	await manager.setViewportSize(PHONE);
	await ana.setViewportSize(PHONE);

	// The new stand-up's questions fit the phone, and every question's buttons can be reached.
	const standupUrl = await setUpStandup(manager, slug, 'Point du matin', async (page) => {
		await expectNoSidewaysScroll(page);
		for (const n of [1, 2, 3]) await expectWhole(page, `Remove question ${n}`);
	});
	// The one who may start the round is told who takes a turn.
	await expect(
		manager.getByText('Only people who have pressed “Join the stand-up” take a turn')
	).toBeVisible();
	await manager.goto(`${standupUrl}/edit`);
	await expectWhole(manager, 'Remove question 3');
	await expectNoSidewaysScroll(manager);

	// Ana reads the page in French: the run's date is written out, not "2026-12-05", its weekday
	// in front as French writes it ("sam. 5 décembre 2026, 09:30"), not after the date.
	await ana.goto(standupUrl);
	await ana.getByRole('button', { name: 'Français' }).click();
	const thisRun = ana.getByText(/^Ce stand-up\s:/);
	await expect(thisRun).toHaveText(
		/^Ce stand-up\u202f: \p{L}+\. \d{1,2}(er)? \p{L}+ \d{4}, \d\d:\d\d /u
	);
	await expect(thisRun).not.toHaveText(/\d{4}-\d\d-\d\d/);

	// Sending three empty answers is refused beside the first one; nothing is counted. (The
	// questions are the owner's, in English.)
	await ana.getByRole('button', { name: 'Envoyer les réponses' }).click();
	const first = ana.getByLabel('What did you do yesterday?');
	await expect(first).toHaveAttribute('aria-invalid', 'true');
	await expect(first).toHaveAccessibleDescription('Écrivez au moins une réponse avant d’envoyer.');
	await expect(ana.getByText('Réponses envoyées.')).toHaveCount(0);
	await expect(ana.getByText(/^0 sur 2 /)).toBeVisible();
	// One answer is enough: what she typed is kept and sent.
	await first.fill('Relu le dossier');
	await ana.getByRole('button', { name: 'Envoyer les réponses' }).click();
	await expect(ana.getByText('Réponses envoyées.')).toBeVisible();
	await expect(ana.getByText('1 sur 2 a répondu')).toBeVisible();
	await expect(first).toHaveValue('Relu le dossier');
});

// The board's "Live" badge follows the browser's network at once: it says "Offline" as soon as
// the network goes, and "Live" again once it is back and the events stream has reconnected.
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

test('someone on the board loses the network and the badge says so at once', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Gaspard Fabre', uniqueEmail('badge'));
	await page.goto(`/${await postCompany(page, 'Atelier du Réseau')}`);
	const badge = page.getByTestId('live-state');
	await expect(badge).toHaveAttribute('data-state', 'live');

	await page.context().setOffline(true);
	await expect(badge).toHaveAttribute('data-state', 'offline');
	await expect(badge).toHaveText('Offline');

	await page.context().setOffline(false);
	await expect(badge).toHaveAttribute('data-state', 'live');
	await expect(badge).toHaveText('Live');
});

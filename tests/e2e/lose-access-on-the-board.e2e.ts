import { expect, test } from './fixtures';
import {
	companyWithColleague,
	postCompany,
	postSignUp,
	signOutEverywhereElse,
	uniqueEmail
} from './support';

// The board is a company page left open all day: once its viewer's access ends, its people and
// houses leave the screen at once, and it says why, instead of retrying for good.

test('a colleague removed from the company while the board is open sees it at once, and the board leaves the screen', async ({
	openProfile
}) => {
	const owner = await openProfile();
	const guest = await openProfile();
	const slug = await companyWithColleague(owner, guest, {
		owner: 'Hélène Vidal',
		colleague: 'Paul Bonnet',
		company: 'Atelier des Causses'
	});
	// A company of his own, which he stays in.
	const own = `/${await postCompany(guest, 'Menuiserie Bonnet')}`;
	await guest.goto(`/${slug}`);
	await expect(guest.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
	await expect(guest.getByTestId('person').filter({ hasText: 'Hélène Vidal' })).toBeVisible();

	await owner.goto(`/${slug}/members`);
	await owner.getByRole('button', { name: 'Remove Paul Bonnet' }).click();
	await owner.getByRole('button', { name: 'Remove from company' }).click();
	await expect(owner.getByText('Member removed.')).toBeVisible();

	await expect(guest.getByRole('alert')).toHaveText(
		'You are no longer a member of Atelier des Causses: its pages are no longer shown here.'
	);
	await expect(guest.getByTestId('person')).toHaveCount(0);
	await expect(guest.getByRole('navigation', { name: 'Atelier des Causses' })).toHaveCount(0);

	// The header's switcher no longer offers the company (its pages would be a 404), only his own,
	// and the page still says why the board went.
	await guest.getByRole('button', { name: /: switch company/ }).click();
	await expect(guest.getByRole('menuitem', { name: 'Menuiserie Bonnet' })).toBeVisible();
	await expect(guest.getByRole('menuitem', { name: 'Atelier des Causses' })).toHaveCount(0);
	await guest.keyboard.press('Escape');
	await expect(guest.getByRole('button', { name: 'Your companies: switch company' })).toBeVisible();
	await expect(guest.getByRole('alert')).toHaveText(/no longer a member of Atelier des Causses/);
	await guest.getByRole('link', { name: 'Go to the home page' }).click();
	await expect(guest).toHaveURL(new RegExp(`${own}$`));
});

test('signed out everywhere else, the board on the other device leaves the screen and offers to sign in', async ({
	openProfile
}) => {
	const laptop = await openProfile();
	const email = uniqueEmail('board-laptop');
	await postSignUp(laptop, 'Claire Fabre', email);
	const slug = await postCompany(laptop, 'Ferme du Larzac');
	await laptop.goto(`/${slug}`);
	await expect(laptop.getByTestId('live-state')).toHaveAttribute('data-state', 'live');

	await signOutEverywhereElse(await openProfile(), email);

	await expect(laptop.getByRole('alert')).toHaveText(
		'This session was signed out: this page no longer shows anything. Sign in again to go on.'
	);
	await expect(laptop.getByTestId('person')).toHaveCount(0);
	await laptop.getByRole('link', { name: 'Sign in again' }).click();
	await expect(laptop).toHaveURL(new RegExp(`/login\\?next=%2F${slug}$`));
});

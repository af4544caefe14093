// A manager moderates a call with a French-speaking colleague. Found on a user tour: a person
// muted by a manager got no word of it (their microphone just went off); "Remove from the room"
// acted at once; "End for everyone", once asked for, stayed armed when one clicked elsewhere; and
// the French call took every reader for a man ("Prêt à entrer ?"). Now the person muted is told
// who did it, in a live region, and turns their microphone back on themselves (a manager's mute
// is not a lock, in LiveKit as in the embedded server); removing someone asks first (Cancel,
// Escape and a click elsewhere take it back); the tile's menu closes on Escape and on a click
// elsewhere, as menus do; the French call is worded for everyone.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postInvitationLink, postSignUp, uniqueEmail } from './support';
import { joinRoom, tileOf } from './video-support';

const LAPTOP = { width: 1280, height: 800 };

/** Joins the company through its link, in French (the browser's language). */
async function joinInFrench(page: Page, link: string, name: string, company: string) {
	await page.goto(link);
	await page.getByLabel('Votre nom').fill(name);
	await page.getByLabel('E-mail').fill(uniqueEmail('ines'));
	await page.getByLabel('Mot de passe').fill('les cloches de l’église du village');
	await page.getByRole('button', { name: 'Créer mon compte et rejoindre' }).click();
	await expect(page).not.toHaveURL(/\/invite\//);
	await expect(page.getByRole('heading', { level: 1, name: company, exact: true })).toBeVisible();
}

test('a manager mutes, then removes a colleague, who is told in French; asked questions can be taken back', async ({
	openProfile
}) => {
	test.setTimeout(180_000);
	const owner = await openProfile({ viewport: LAPTOP });
	await postSignUp(owner, 'Agathe Brun', uniqueEmail('agathe'));
	const company = `Fromagerie ${Date.now().toString(36)}`;
	const slug = await postCompany(owner, company);
	const ines = await openProfile({ locale: 'fr-FR', viewport: LAPTOP });
	await joinInFrench(ines, await postInvitationLink(owner, slug), 'Inès Faure', company);

	await joinRoom(owner, slug, 'All hands');
	// Inès enters in French: the pre-join asks without a masculine "Prêt".
	await ines.goto(`/${slug}/rooms`);
	await ines.getByRole('link', { name: 'Entrer dans Toute l’entreprise' }).click();
	await expect(ines.getByRole('heading', { name: 'Tout est prêt pour entrer ?' })).toBeVisible();
	await expect(ines.getByText(/Prêt à entrer/)).toHaveCount(0);
	const enter = ines.getByRole('button', { name: 'Entrer maintenant' });
	await expect(enter).toBeEnabled({ timeout: 15_000 });
	await enter.click();
	await expect(ines.locator('[data-call-phase]')).toHaveText('Connexion établie', {
		timeout: 20_000
	});
	await expect(owner.locator('[data-tile]')).toHaveCount(2, { timeout: 20_000 });
	const inesTile = tileOf(owner, 'Inès Faure');
	await expect(inesTile.getByText('Microphone off')).toHaveCount(0, { timeout: 10_000 });

	// Agathe mutes Inès, who is told who did it, in the call's live region.
	const menu = owner.getByLabel('Moderate Inès Faure');
	await menu.click();
	await owner.getByRole('button', { name: 'Mute microphone', exact: true }).click();
	await expect(inesTile.getByText('Microphone off')).toHaveCount(1, { timeout: 10_000 });
	const live = ines.locator('[aria-live="polite"]');
	const muted = live.getByText(
		'Agathe Brun a coupé votre micro. Vous pouvez le rouvrir quand vous voulez parler.'
	);
	await expect(muted).toBeVisible({ timeout: 10_000 });
	await expect(ines.getByRole('button', { name: 'Ouvrir le micro (M)' })).toBeVisible();
	// She turns it back on herself: everyone sees her microphone on again, and the notice goes.
	await live.getByRole('button', { name: 'Rouvrir mon micro' }).click();
	await expect(muted).toBeHidden();
	await expect(ines.getByRole('button', { name: 'Couper le micro (M)' })).toBeVisible();
	await expect(inesTile.getByText('Microphone off')).toHaveCount(0, { timeout: 10_000 });

	// Her camera too; the notice can be put away without turning it back on.
	await menu.click();
	await owner.getByRole('button', { name: 'Turn camera off', exact: true }).click();
	const cameraOff = live.getByText(/^Agathe Brun a éteint votre caméra\./);
	await expect(cameraOff).toBeVisible({ timeout: 10_000 });
	await live.getByRole('button', { name: 'Fermer ce message' }).click();
	await expect(cameraOff).toBeHidden();
	await expect(ines.getByRole('button', { name: 'Allumer la caméra (V)' })).toBeVisible();

	// "Remove from the room" asks first; Cancel, Escape and a click elsewhere take it back, the
	// first two with the focus back on it. Nobody is removed meanwhile.
	await menu.click();
	const remove = owner.getByRole('button', { name: 'Remove from the room', exact: true });
	const question = owner.getByText('Remove Inès Faure from the room?');
	const cancel = owner.getByRole('button', { name: 'Cancel', exact: true });
	await remove.click();
	await expect(question).toBeVisible();
	await expect(cancel).toBeFocused();
	await cancel.click();
	await expect(question).toBeHidden();
	await expect(remove).toBeFocused();
	await remove.click();
	await expect(cancel).toBeFocused();
	await owner.keyboard.press('Escape');
	await expect(question).toBeHidden();
	await expect(remove).toBeFocused();
	// With nothing asked, Escape closes the menu itself, the focus back on its button.
	await owner.keyboard.press('Escape');
	await expect(remove).toBeHidden();
	await expect(menu).toBeFocused();
	await menu.click();
	await remove.click();
	await expect(question).toBeVisible();
	// A click elsewhere takes the question back and closes the menu, as menus close.
	await owner.getByRole('heading', { level: 1, name: 'All hands' }).click();
	await expect(question).toBeHidden();
	await expect(remove).toBeHidden();
	await expect(ines.locator('[data-call-phase]')).toHaveText('Connexion établie');
	await expect(owner.locator('[data-tile]')).toHaveCount(2);

	// "End for everyone", asked for, is taken back by a click elsewhere too.
	const endForEveryone = owner.getByRole('button', { name: 'End for everyone', exact: true });
	const endQuestion = owner.getByText('End the meeting for everyone in it?');
	await endForEveryone.click();
	await expect(endQuestion).toBeVisible();
	await owner.locator('[data-call-phase]').click();
	await expect(endQuestion).toBeHidden();
	await expect(endForEveryone).toBeVisible();
	await expect(ines.locator('[data-call-phase]')).toHaveText('Connexion établie');

	// Confirmed, the removal goes through; Inès reads it in words for everyone.
	await menu.click();
	await remove.click();
	await owner.getByRole('button', { name: 'Remove', exact: true }).click();
	await expect(ines.getByText('Une ou un responsable vous a fait sortir de la salle.')).toBeVisible(
		{ timeout: 15_000 }
	);
	await expect(owner.locator('[data-tile]')).toHaveCount(1, { timeout: 15_000 });
});

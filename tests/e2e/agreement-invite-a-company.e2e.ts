import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seedOperatorHouse, todayIn } from './operator-support';
import { openE2eDatabase, postCompany, postSignUp, signUpInFrench, uniqueEmail } from './support';

/** The commune's operator and its house (creating them is another test's subject). */
const chalinargues = {
	operator: 'Commune de Chalinargues',
	house: 'Maison des entreprises',
	commune: 'Chalinargues',
	address: '4 rue de l’École',
	seats: 10
};

/** On the house's companies page: fills the invitation form (the terms as `terms` sets them, the
 * default cost share otherwise), creates the link and returns it. */
async function createInviteLink(
	officer: Page,
	companyName: string,
	startDate: string,
	terms: (form: Locator) => Promise<void> = async () => {}
): Promise<string> {
	const invite = officer.locator('form', {
		has: officer.getByRole('button', { name: 'Create the invitation link' })
	});
	await invite.getByLabel('Company name (shown on the link)').fill(companyName);
	await invite.getByLabel('Start date').fill(startDate);
	await terms(invite);
	await invite.getByRole('button', { name: 'Create the invitation link' }).click();
	return officer.getByLabel('Invitation link').inputValue();
}

test('an operator invites a company to its house, the owner accepts through the link, and both see the agreement', async ({
	browser
}) => {
	// The clipboard: the officer copies the link to send it.
	const officerContext = await browser.newContext({
		permissions: ['clipboard-read', 'clipboard-write']
	});
	const officer = await officerContext.newPage();
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	// The commune's operator and its house (creating them is another test's subject).
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, chalinargues);

	const companiesPage = `${operatorPath}/houses/${houseId}/companies`;
	await officer.goto(companiesPage);
	await expect(officer.getByRole('heading', { name: 'Companies in the house' })).toBeVisible();
	const link = await createInviteLink(officer, 'Menuiserie Vidal', '2030-01-01', async (invite) => {
		const dayRate = invite.getByRole('radio', { name: 'Day rate' });
		await expect(dayRate).toHaveAccessibleDescription('A rate per day and per half-day on site.');
		await dayRate.check();
		await invite.getByLabel('Rate per day (€)').fill('15');
		await invite.getByLabel('Rate per half-day (€)').fill('8,50');
		await invite.getByLabel('Reserved seats').fill('2');
	});
	expect(link).toMatch(/\/house-invite\/[a-z0-9]+$/);
	await officer.getByRole('button', { name: 'Copy' }).click();
	await expect(officer.getByText('Link copied.')).toBeVisible();
	expect(await officer.evaluate(() => navigator.clipboard.readText())).toBe(link);

	// The company's owner, in a browser of their own, opens the link and accepts for their company.
	const ownerContext = await browser.newContext();
	const owner = await ownerContext.newPage();
	await postSignUp(owner, 'Paul Vidal', uniqueEmail('owner'));
	// No company yet: the link offers to create one, and brings them back here once it exists.
	await owner.goto(link);
	await owner.getByRole('link', { name: 'Create a company' }).click();
	await owner.getByLabel('Company name').fill('Menuiserie Vidal');
	await owner.getByRole('button', { name: 'Create company' }).click();
	await expect(owner).toHaveURL(link);
	await expect(owner.getByRole('heading', { name: 'Join Maison des entreprises' })).toBeVisible();
	await expect(owner.getByText('€15 per day, €8.50 per half-day')).toBeVisible();
	await owner.getByLabel('Company that joins').selectOption({ label: 'Menuiserie Vidal' });
	await owner.getByRole('button', { name: 'Accept and join the house' }).click();

	await expect(owner).toHaveURL(/\/houses$/);
	await expect(owner.getByRole('heading', { name: 'Maison des entreprises' })).toBeVisible();
	await expect(owner.getByText('Run by Commune de Chalinargues')).toBeVisible();
	await owner.getByRole('link', { name: 'Agreement', exact: true }).click();
	await expect(
		owner.getByRole('heading', { name: 'Agreement for the use of a shared house' })
	).toBeVisible();
	await expect(owner.getByText('Commune de Chalinargues, which runs the house')).toBeVisible();
	await expect(owner.getByText('Menuiserie Vidal, hereafter “the company”.')).toBeVisible();

	// The operator sees the company and its agreement.
	await officer.goto(companiesPage);
	await expect(officer.getByRole('heading', { name: 'Menuiserie Vidal' })).toBeVisible();
	await expect(officer.getByText('Accepted by Menuiserie Vidal')).toBeVisible();
	await officer.getByRole('link', { name: 'Printable agreement' }).click();
	await expect(
		officer.getByRole('heading', { name: 'Agreement for the use of a shared house' })
	).toBeVisible();
	await expect(officer.getByText('Seats reserved for the company: 2')).toBeVisible();

	await officerContext.close();
	await ownerContext.close();
});

/** A date of the house's calendar (Europe/Paris), `days` from today. */
function parisDate(days: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
		new Date(Date.now() + days * 24 * 60 * 60 * 1000)
	);
}

test('an operator ends a company’s agreement, invites it again, the owner accepts, and the house is back', async ({
	browser
}) => {
	const officerContext = await browser.newContext();
	const officer = await officerContext.newPage();
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, chalinargues);
	const companiesPage = `${operatorPath}/houses/${houseId}/companies`;

	async function invite(startDate: string): Promise<string> {
		await officer.goto(companiesPage);
		return createInviteLink(officer, 'Scierie Roux', startDate);
	}

	const ownerContext = await browser.newContext();
	const owner = await ownerContext.newPage();
	await postSignUp(owner, 'Jeanne Roux', uniqueEmail('owner'));
	const slug = await postCompany(owner, 'Scierie Roux');
	async function accept(link: string) {
		await owner.goto(link);
		await owner.getByLabel('Company that joins').selectOption({ label: 'Scierie Roux' });
		await owner.getByRole('button', { name: 'Accept and join the house' }).click();
		await expect(owner).toHaveURL(/\/houses$/);
	}
	const house = owner.getByRole('heading', { name: 'Maison des entreprises' });

	await accept(await invite('2026-01-01'));
	await expect(house).toBeVisible();

	// The operator ends the agreement: its last day was yesterday, so the company leaves now.
	await officer.goto(companiesPage);
	await officer.getByRole('link', { name: 'Agreement', exact: true }).click();
	await officer.getByLabel('Last day').fill(parisDate(-1));
	await officer.getByRole('button', { name: 'End the agreement' }).click();
	// It cannot be taken back: the page asks first, naming the company.
	const question = officer.getByRole('alertdialog');
	await expect(question).toContainText('This cannot be undone');
	await question.getByRole('button', { name: 'End the agreement' }).click();
	await expect(officer.getByText('Ended', { exact: true })).toBeVisible();
	await owner.goto(`/${slug}/houses`);
	await expect(house).toHaveCount(0);

	// Invited again from today, the company comes back under a new agreement.
	await accept(await invite(parisDate(0)));
	await expect(house).toBeVisible();

	// One line for the company on the operator's list; both agreements on the agreement's page.
	await officer.goto(companiesPage);
	await expect(officer.getByRole('heading', { name: 'Scierie Roux' })).toHaveCount(1);
	await expect(officer.getByText('Came back: 1 earlier agreement')).toBeVisible();
	await officer.getByRole('link', { name: 'Agreement', exact: true }).click();
	const history = officer.getByRole('region', { name: 'This company’s agreements for this house' });
	await expect(history.getByRole('listitem')).toHaveCount(2);
	await expect(history.getByRole('link', { name: /^From .* to / })).toBeVisible();

	await officerContext.close();
	await ownerContext.close();
});

test('terms chosen before the page’s scripts have run are kept once they run', async ({
	browser
}) => {
	// The worker would serve the scripts it kept: the link is slow for them too.
	const officerContext = await browser.newContext({ serviceWorkers: 'block' });
	const officer = await officerContext.newPage();
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, chalinargues);

	// A slow link: the page is there, its scripts come only once the officer has chosen the terms
	// (without scripts every model's fields show).
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await officer.route('**/_app/immutable/nodes/**', async (route) => {
		await released;
		await route.continue();
	});
	await officer.goto(`${operatorPath}/houses/${houseId}/companies`, {
		// The page as it is before its scripts (held above): not waiting for them to run.
		waitUntil: 'domcontentloaded'
	});
	const invite = officer.locator('form', {
		has: officer.getByRole('button', { name: 'Create the invitation link' })
	});
	await invite.getByRole('radio', { name: 'Day rate' }).check();
	await invite.getByLabel('Rate per day (€)').fill('15');
	await invite.getByLabel('Rate per half-day (€)').fill('8,50');
	await invite.getByRole('radio', { name: 'Carried by the operator' }).check();
	release();

	// The scripts ran: only the chosen model's fields show, still filled in.
	await expect(invite.getByLabel('Amount per month (€)')).toHaveCount(0);
	await expect(invite.getByRole('radio', { name: 'Day rate' })).toBeChecked();
	await expect(invite.getByRole('radio', { name: 'Carried by the operator' })).toBeChecked();
	await expect(invite.getByLabel('Rate per day (€)')).toHaveValue('15');
	await expect(invite.getByLabel('Rate per half-day (€)')).toHaveValue('8,50');
	await officerContext.close();
});

/** Lets the form post what a person typed as it is, as a browser without date pickers would. */
async function withoutBrowserChecks(form: Locator) {
	await form.evaluate((element) => {
		(element as HTMLFormElement).noValidate = true;
		for (const input of element.querySelectorAll('input[type="date"], input[type="number"]')) {
			(input as HTMLInputElement).type = 'text';
		}
	});
}

test('an invitation with several mistakes shows every one beside its field at once, keeping what was typed', async ({
	page: officer
}) => {
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	// A house of one seat: 40 reserved seats cannot fit.
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, { ...chalinargues, seats: 1 });
	await officer.goto(`${operatorPath}/houses/${houseId}/companies`);
	const invite = officer.locator('form', {
		has: officer.getByRole('button', { name: 'Create the invitation link' })
	});
	// The start date starts at today on the house's clock.
	await expect(invite.getByLabel('Start date')).toHaveValue(todayIn('Europe/Paris'));
	await invite.getByRole('radio', { name: 'Day rate' }).check();
	await withoutBrowserChecks(invite);
	await invite.getByLabel('Start date').fill('2026-02-31');
	await invite.getByLabel('Rate per day (€)').fill('-15');
	await invite.getByLabel('Rate per half-day (€)').fill('beaucoup');
	await invite.getByLabel('Monthly cap (€, optional)').fill('12,345');
	await invite.getByLabel('Reserved seats').fill('40');
	await invite.getByRole('button', { name: 'Create the invitation link' }).click();

	// One round: every field's error at once, each beside its field.
	const field = (label: string) => invite.getByLabel(label, { exact: true });
	await expect(field('Company name (shown on the link)')).toHaveAccessibleDescription(
		'Enter the company’s name.'
	);
	await expect(field('Start date')).toHaveAccessibleDescription(
		'This date does not exist: check the day and the month.'
	);
	await expect(field('Rate per day (€)')).toHaveAccessibleDescription(
		'The amount cannot be negative.'
	);
	await expect(field('Rate per half-day (€)')).toHaveAccessibleDescription(
		'Enter an amount in euros, such as 1 250,50 or 1250.50.'
	);
	await expect(field('Monthly cap (€, optional)')).toHaveAccessibleDescription(
		/^At most two decimals/
	);
	await expect(field('Reserved seats')).toHaveAccessibleDescription(
		'At most 1: that is how many seats the house has.'
	);
	// What was typed is still there to correct.
	await expect(invite.getByLabel('Start date')).toHaveValue('2026-02-31');
	await expect(invite.getByLabel('Rate per half-day (€)')).toHaveValue('beaucoup');
	await expect(invite.getByLabel('Reserved seats')).toHaveValue('40');

	// Corrected, the link is made, and the form comes back as it first was: the share of the costs
	// chosen, and the day rate's fields gone with the choice (they stayed, the radios saying one
	// model and the fields another, when the reset came before the answer's new defaults).
	await invite.getByLabel('Company name (shown on the link)').fill('Menuiserie Vidal');
	await invite.getByLabel('Start date').fill('2030-02-01');
	await invite.getByLabel('Rate per day (€)').fill('15');
	await invite.getByLabel('Rate per half-day (€)').fill('8');
	await invite.getByLabel('Monthly cap (€, optional)').fill('');
	await invite.getByLabel('Reserved seats').fill('1');
	await invite.getByRole('button', { name: 'Create the invitation link' }).click();
	await expect(officer.getByLabel('Invitation link')).toHaveValue(/\/house-invite\//);
	await expect(invite.getByRole('radio', { name: 'Share of the costs' })).toBeChecked();
	await expect(invite.getByLabel('Rate per day (€)')).toHaveCount(0);
});

test('an invitation that no longer fits a house that shrank says what to do, and offers no button', async ({
	browser
}) => {
	const officerContext = await browser.newContext();
	const officer = await officerContext.newPage();
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, { ...chalinargues, seats: 3 });
	await officer.goto(`${operatorPath}/houses/${houseId}/companies`);
	const link = await createInviteLink(officer, 'Menuiserie Vidal', '2030-01-01', async (invite) => {
		await invite.getByLabel('Reserved seats').fill('3');
	});

	const ownerContext = await browser.newContext();
	const owner = await ownerContext.newPage();
	await postSignUp(owner, 'Paul Vidal', uniqueEmail('owner'));
	await postCompany(owner, 'Menuiserie Vidal');
	await owner.goto(link);
	await owner.getByLabel('Company that joins').selectOption({ label: 'Menuiserie Vidal' });

	// Meanwhile, the page open, the house loses two seats.
	const db = openE2eDatabase();
	try {
		db.prepare('update houses set seats = 1 where id = ?').run(houseId);
	} finally {
		db.close();
	}

	const seatsGone =
		'This invitation reserves 3 seats, but the house has 1 seat left to reserve now: ask its operator for a new invitation.';
	await owner.getByRole('button', { name: 'Accept and join the house' }).click();
	await expect(owner.getByText(seatsGone)).toBeVisible();
	// Opened again, the link says so at once, with no button that could only fail.
	await owner.reload();
	await expect(owner.getByText(seatsGone)).toBeVisible();
	await expect(owner.getByRole('button', { name: 'Accept and join the house' })).toHaveCount(0);
	await expect(owner.getByLabel('Company that joins')).toHaveCount(0);
	await officerContext.close();
	await ownerContext.close();
});

test('a pending invitation holds its seats: a second one and a smaller house are refused, naming it', async ({
	page: officer
}) => {
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, chalinargues);
	const companiesPage = `${operatorPath}/houses/${houseId}/companies`;
	await officer.goto(companiesPage);
	await createInviteLink(officer, 'Atelier Dupont', '2030-01-01', async (invite) => {
		await invite.getByLabel('Reserved seats').fill('8');
	});

	// Not accepted yet, the first invitation already holds its 8 of the 10 seats.
	await officer.goto(companiesPage);
	await expect(officer.getByText('Holds 8 seats until it is answered.')).toBeVisible();
	const invite = officer.locator('form', {
		has: officer.getByRole('button', { name: 'Create the invitation link' })
	});
	await invite.getByLabel('Company name (shown on the link)').fill('Scierie Roux');
	await invite.getByLabel('Start date').fill('2030-02-01');
	await invite.getByLabel('Reserved seats').fill('4');
	await invite.getByRole('button', { name: 'Create the invitation link' }).click();
	await expect(invite.getByLabel('Reserved seats')).toHaveAccessibleDescription(
		'At most 2: 8 of the house’s 10 seats are already reserved over this period. ' +
			'8 seats are held by a pending invitation to Atelier Dupont.'
	);
	await expect(officer.getByText('Scierie Roux')).toHaveCount(0);

	// The house cannot shrink below them either; what was typed stays, nothing is saved.
	await officer.goto(`${operatorPath}/houses/${houseId}`);
	const edit = officer.locator('form[action="?/update"]');
	await edit.getByLabel('Seats').fill('5');
	await edit.getByRole('button', { name: 'Save' }).click();
	await expect(edit.getByLabel('Seats')).toHaveAccessibleDescription(
		'At least 8: that many seats are reserved at the house — 8 held by a pending invitation to Atelier Dupont.'
	);
	await expect(edit.getByLabel('Seats')).toHaveValue('5');
	await officer.reload();
	await expect(edit.getByLabel('Seats')).toHaveValue('10');

	// Once the invitation is revoked, both go through.
	await officer.goto(companiesPage);
	await officer.getByRole('button', { name: 'Revoke' }).click();
	await expect(officer.getByText('Invitation revoked.')).toBeVisible();
	await officer.goto(`${operatorPath}/houses/${houseId}`);
	await edit.getByLabel('Seats').fill('5');
	await edit.getByRole('button', { name: 'Save' }).click();
	await expect(officer.getByText('House saved.')).toBeVisible();
	await officer.reload();
	await expect(edit.getByLabel('Seats')).toHaveValue('5');
});

test('on a phone, in French, every choice of the terms reads in full', async ({ browser }) => {
	const context = await browser.newContext({
		locale: 'fr-FR',
		viewport: { width: 360, height: 740 }
	});
	const officer = await context.newPage();
	const officerEmail = uniqueEmail('officer');
	await signUpInFrench(officer, 'Hélène Mairie', officerEmail);
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, chalinargues);
	await officer.goto(`${operatorPath}/houses/${houseId}/companies`);
	const invite = officer.locator('form', {
		has: officer.getByRole('button', { name: 'Créer le lien d’invitation' })
	});
	const choices = [
		[
			'Part des frais',
			'Les frais de fonctionnement, au prorata des jours\u2011personnes sur place.'
		],
		['Tarif à la journée', 'Un tarif par journée et par demi-journée sur place.'],
		['Forfait mensuel', 'Le même montant chaque mois, quels que soient les jours sur place.'],
		['À parts égales', 'Les entreprises au partage des frais les répartissent à parts égales.'],
		['À la charge de l’opérateur', 'L’opérateur prend les frais du mois à sa charge.']
	];
	for (const [name, hint] of choices) {
		const choice = invite.getByRole('radio', { name, exact: true });
		await expect(choice).toHaveAccessibleDescription(hint);
		// The label and its hint wrap inside the card: nothing is cut.
		const cut = await choice.evaluate((radio) =>
			[...radio.closest('label')!.querySelectorAll('span')].some(
				(text) => text.scrollWidth > text.clientWidth
			)
		);
		expect(cut, name).toBe(false);
	}
	await invite.getByRole('radio', { name: 'Tarif à la journée' }).check();
	await expect(invite.getByLabel('Tarif par journée (€)')).toBeVisible();
	await expect(invite.getByLabel('Montant mensuel (€)')).toHaveCount(0);
	const overflow = await officer.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await context.close();
});

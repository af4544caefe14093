// The whole of issue 19 as people live it: a commune officer sets up the commune's house and its
// running costs, invites two companies, their people check in (one at the door's QR code, one in
// the app), the officer closes the months in order, and each company's owner reads and downloads
// their own statement — figures that match the person-days, and nothing of the other company. The
// house's page, left open, counts the check-ins as they come (the operator's live stream).
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	downloadCsv,
	euros,
	expectPersonDays,
	largestRemainder,
	monthFrom,
	monthName,
	moveCheckIns,
	todayIn
} from './operator-support';
import { postCompany, postInvitationLink, postJoin, postSignUp, uniqueEmail } from './support';

const HOUSE = 'Maison des entreprises du Plateau';
// Surnames tell the companies apart: nothing with one company's surname may show on the other's
// pages, and no first name on the operator's.
const A = { company: 'Scierie Vidal', owner: 'Alice Vidal', member: 'Bruno Vidal' };
const B = { company: 'Fromagerie Chazal', owner: 'Chloé Chazal' };
const COSTS = [
	{ category: 'rent', label: 'Loyer', amount: '900,00', cents: 90_000 },
	{ category: 'energy', label: 'Électricité', amount: '250,50', cents: 25_050 },
	{ category: 'connectivity', label: 'Fibre', amount: '59,99', cents: 5_999 }
];
const FUNDING_CENTS = 30_000;

/** The page's visible text, to look for what must not be there. */
const textOf = (page: Page) => page.locator('body').innerText();

// One journey in three steps, so each stays well within a test's time on a loaded machine (in two,
// the first outran its minute on CI): each reads what the ones before made, in the same browser
// profiles.
test.describe.configure({ mode: 'serial' });

/** One browser profile per person (own cookies), kept from one step to the next. */
const profiles: BrowserContext[] = [];
let officer: Page, ownerA: Page, ownerB: Page, member: Page;
/** What the first step made and the later ones read; `today` is on the house's clock. */
const made = {
	today: '',
	houseId: '',
	housePage: '',
	month: '',
	slugA: '',
	slugB: '',
	sharedCents: 0
};

test.beforeAll(async ({ browser }) => {
	const open = async () => {
		const profile = await browser.newContext();
		profiles.push(profile);
		return profile.newPage();
	};
	[officer, ownerA, ownerB, member] = [await open(), await open(), await open(), await open()];
});

test.afterAll(async () => {
	await Promise.all(profiles.map((profile) => profile.close()));
});

test('an officer sets up a house with last month’s costs and invites two companies, whose owners accept', async () => {
	// The house is on Paris time; the month to close is the one before today's there.
	const today = todayIn('Europe/Paris');
	const month = monthFrom(today, -1);
	const startDate = `${monthFrom(today, -2)}-01`;

	// 1. The officer: an operator, its house, last month's costs and funding.
	await postSignUp(officer, 'Hélène Mairie', uniqueEmail('officer'));
	await officer.goto('/companies');
	await officer.getByRole('link', { name: 'Create an operator' }).click();
	await officer.getByLabel('Name', { exact: true }).fill('Communauté de communes du Plateau');
	await officer.getByRole('button', { name: 'Create the operator' }).click();
	await expect(officer.getByRole('heading', { level: 1, name: 'Network' })).toBeVisible();
	await officer.getByRole('link', { name: 'Add a house' }).click();
	const create = officer.locator('form[action="?/create"]');
	await create.getByLabel('Name', { exact: true }).fill(HOUSE);
	await create.getByLabel('Commune').fill('Allanche');
	await create.getByLabel('Address').fill('1 place du Foirail');
	await create.getByLabel('Seats').fill('12');
	await create.getByLabel('Opens at').fill('08:30');
	await create.getByLabel('Closes at').fill('18:00');
	await create.getByRole('button', { name: 'Add the house' }).click();
	await expect(officer.getByText(`House added: ${HOUSE}.`)).toBeVisible();
	await officer.getByRole('link', { name: HOUSE }).click();
	await expect(officer.getByRole('heading', { level: 1, name: HOUSE })).toBeVisible();
	const housePage = officer.url();
	const houseId = new URL(housePage).pathname.split('/').pop()!;

	await officer.getByRole('link', { name: 'Running costs' }).click();
	await officer.getByRole('link', { name: '← Previous month' }).click();
	await expect(
		officer.locator('[aria-current="page"]', { hasText: monthName(month, 'en') })
	).toBeVisible();
	const add = officer.locator('form[action="?/add"]');
	let costCents = 0;
	for (const cost of COSTS) {
		await add.getByLabel('Category').selectOption(cost.category);
		await add.getByLabel('Label').fill(cost.label);
		await add.getByLabel('Amount (€)').fill(cost.amount);
		await add.getByRole('button', { name: 'Add', exact: true }).click();
		costCents += cost.cents;
		await expect(officer.getByTestId('total-costs')).toHaveText(euros(costCents, 'en'));
	}
	const funding = officer.locator('form[action="?/funding"]');
	await funding.getByLabel('Funding as').selectOption('amount');
	await funding.getByLabel('Amount or percentage').fill('300');
	await funding.getByLabel('Funded by').fill('Département du Cantal');
	await funding.getByRole('button', { name: 'Save the funding' }).click();
	const sharedCents = costCents - FUNDING_CENTS;
	await expect(officer.getByTestId('total-shared')).toHaveText(euros(sharedCents, 'en'));

	// Two invitation links, cost-share model, agreements starting before last month.
	await officer.goto(`${housePage}/companies`);
	const invite = officer.locator('form', {
		has: officer.getByRole('button', { name: 'Create the invitation link' })
	});
	const links: string[] = [];
	for (const company of [A.company, B.company]) {
		await invite.getByLabel('Company name (shown on the link)').fill(company);
		await invite.getByLabel('Start date').fill(startDate);
		await invite.getByRole('radio', { name: 'Share of the costs' }).check();
		await invite.getByRole('button', { name: 'Create the invitation link' }).click();
		const link = officer.getByLabel('Invitation link');
		await expect(link).toHaveValue(/\/house-invite\/[a-z0-9]+$/);
		if (links.length > 0) await expect(link).not.toHaveValue(links[0]);
		links.push(await link.inputValue());
	}

	// Each owner, in a browser of their own, creates their company and accepts their link.
	const slugs: string[] = [];
	for (const [owner, who, link] of [
		[ownerA, A, links[0]],
		[ownerB, B, links[1]]
	] as const) {
		await postSignUp(owner, who.owner, uniqueEmail('owner'));
		slugs.push(await postCompany(owner, who.company));
		await owner.goto(link);
		await expect(owner.getByRole('heading', { name: `Join ${HOUSE}` })).toBeVisible();
		await owner.getByLabel('Company that joins').selectOption({ label: who.company });
		await owner.getByRole('button', { name: 'Accept and join the house' }).click();
		await expect(owner).toHaveURL(/\/houses$/);
		await expect(owner.getByRole('heading', { name: HOUSE })).toBeVisible();
	}
	const [slugA, slugB] = slugs;

	// A colleague joins company A.
	const memberLink = await postInvitationLink(ownerA, slugA);
	await postJoin(member, memberLink, A.member);

	Object.assign(made, { today, houseId, housePage, month, slugA, slugB, sharedCents });
});

test('their people check in, the house counts them live, and the officer closes its months in order', async () => {
	const { today, houseId, housePage, month, slugA } = made;

	// 2. Check-ins, today, as the UI makes them, while the officer keeps the house's page open:
	// its count follows each one without a reload.
	await officer.goto(housePage);
	const onSite = officer.getByTestId('on-site-today');
	await expect(onSite).toHaveText('0');
	// Alice in the app, for the whole day.
	await ownerA.goto(`/${slugA}/check-in`);
	await ownerA.getByRole('link', { name: `I’m at ${HOUSE} today` }).click();
	await expect(ownerA.getByTestId('checked-in')).toHaveText(`You’re at ${HOUSE} today`);
	await expect(onSite).toHaveText('1');
	// Bruno at the door's QR code, for the morning.
	await member.goto(`/check-in/${houseId}`);
	await expect(member.getByRole('heading', { name: `Check in at ${HOUSE}` })).toBeVisible();
	await member.getByRole('button', { name: 'This morning' }).click();
	await expect(member.getByTestId('checked-in')).toHaveText(`You’re at ${HOUSE} this morning`);
	await expect(onSite).toHaveText('2');
	// Chloé at the door's QR code, for the whole day.
	await ownerB.goto(`/check-in/${houseId}`);
	await expect(ownerB.getByText(B.company)).toBeVisible();
	await ownerB.getByRole('button', { name: 'All day' }).click();
	await expect(ownerB.getByTestId('checked-in')).toHaveText(`You’re at ${HOUSE} today`);

	// Today the officer sees three people on site, as a count: nobody opted in to the directory.
	await expect(onSite).toHaveText('3');
	const houseToday = await textOf(officer);
	for (const person of ['Alice', 'Bruno', 'Chloé']) expect(houseToday).not.toContain(person);

	// The UI checks in for today only, and only an ended month closes: the check-ins are moved to
	// different days of last month in the database (data the UI cannot make).
	expect(moveCheckIns(A.owner, houseId, `${month}-03`)).toBe(1);
	expect(moveCheckIns(A.member, houseId, `${month}-04`)).toBe(1);
	expect(moveCheckIns(B.owner, houseId, `${month}-05`)).toBe(1);

	// 3. The officer closes the two months since the agreements began, in order. Only the next
	// one is offered: the earlier month, which has no running costs and says what to do, with a
	// count of what waits after it (not a list of every ended month).
	const earlier = monthFrom(today, -2);
	const housePath = new URL(housePage).pathname;
	await officer.goto(housePage);
	await officer.getByRole('link', { name: 'Months and statements' }).click();
	await expect(officer.getByTestId('month-to-close')).toHaveCount(1);
	const closeEarlier = officer.getByRole('button', { name: `Close ${monthName(earlier, 'en')}` });
	const closeLast = officer.getByRole('button', { name: `Close ${monthName(month, 'en')}` });
	await expect(closeEarlier).toBeVisible();
	await expect(closeLast).toHaveCount(0);
	await expect(officer.getByTestId('months-waiting')).toHaveText(
		`After it, 1 more ended month waits to be closed (${monthName(month, 'en')}): months close in order.`
	);
	await expect(
		officer.getByText(`No running costs entered for ${monthName(earlier, 'en')}`)
	).toBeVisible();
	await expect(officer.getByText('If the house had none, close it as it is')).toBeVisible();
	await expect(officer.getByRole('link', { name: 'Enter its running costs' })).toHaveAttribute(
		'href',
		`${housePath}/costs?month=${earlier}`
	);

	// Last month's page, still open, says which month closes first and leads to it.
	await officer.goto(`${housePage}/months/${month}`);
	await expect(officer.getByText('This month is still open')).toBeVisible();
	await expect(officer.getByTestId('close-first')).toContainText(
		`Months close in order: ${monthName(earlier, 'en')} is to be closed first.`
	);
	// The earlier month's page shows its figures so far, says it has no running costs, and leads
	// to closing it.
	await officer.goto(`${housePage}/months/${earlier}`);
	await expect(officer.getByText('This month is still open')).toBeVisible();
	await expect(officer.getByTestId('company-so-far')).toHaveCount(2);
	await expect(
		officer.getByText(`No running costs entered for ${monthName(earlier, 'en')}`)
	).toBeVisible();
	await officer.getByRole('link', { name: `Close ${monthName(earlier, 'en')}` }).click();
	await expect(officer).toHaveURL(new RegExp(`/months#close-${earlier}$`));

	// Closing it without JavaScript asks in the page first, saying it bills no share of the
	// costs; "Cancel" closes nothing.
	const plain = await officer
		.context()
		.browser()!
		.newContext({ javaScriptEnabled: false, storageState: await officer.context().storageState() });
	profiles.push(plain);
	const noScript = await plain.newPage();
	await noScript.goto(`${housePage}/months`);
	await noScript.getByRole('button', { name: `Close ${monthName(earlier, 'en')}` }).click();
	const asked = noScript.getByRole('group', { name: `Close ${monthName(earlier, 'en')}?` });
	await expect(asked).toContainText('This cannot be undone');
	await expect(asked).toContainText('No running costs are entered for it');
	await asked.getByRole('link', { name: 'Cancel' }).click();
	await expect(noScript.getByRole('group', { name: /Close .*\?/ })).toHaveCount(0);
	await expect(noScript.getByText('No month closed yet.')).toBeVisible();
	await noScript.getByRole('button', { name: `Close ${monthName(earlier, 'en')}` }).click();
	await noScript
		.getByRole('group', { name: `Close ${monthName(earlier, 'en')}?` })
		.getByRole('button', { name: 'Close it for good' })
		.click();
	await expect(
		noScript.getByText(`${monthName(earlier, 'en')} is closed: each company can see its statement.`)
	).toBeVisible();
	// Last month is next now, the one left.
	await expect(
		noScript.getByRole('button', { name: `Close ${monthName(month, 'en')}` })
	).toBeVisible();
	await expect(noScript.getByTestId('months-waiting')).toHaveCount(0);

	// An older tab on the same page, left open: it will try to close last month again.
	await officer.goto(`${housePage}/months`);
	const staleTab = await officer.context().newPage();
	await staleTab.goto(officer.url());
	await expect(staleTab.getByRole('link', { name: monthName(month, 'en') })).toHaveCount(0);

	// Closing asks first, naming the month and that it cannot be undone; "Cancel" closes nothing.
	await closeLast.click();
	let question = officer.getByRole('alertdialog', { name: `Close ${monthName(month, 'en')}?` });
	await expect(question).toContainText('This cannot be undone');
	await expect(question).not.toContainText('No running costs');
	await question.getByRole('button', { name: 'Cancel' }).click();
	await expect(question).toHaveCount(0);
	await expect(officer.getByRole('link', { name: monthName(month, 'en') })).toHaveCount(0);
	await closeLast.click();
	question = officer.getByRole('alertdialog', { name: `Close ${monthName(month, 'en')}?` });
	await question.getByRole('button', { name: 'Close it for good' }).click();
	await expect(
		officer.getByText(`${monthName(month, 'en')} is closed: each company can see its statement.`)
	).toBeVisible();
	await expect(closeLast).toHaveCount(0);
	await expect(officer.getByTestId('month-to-close')).toHaveCount(0);

	// The older tab still offers it: closing it again is refused, and the tab then shows the month
	// as closed instead of offering it.
	await staleTab.getByRole('button', { name: `Close ${monthName(month, 'en')}` }).click();
	await staleTab
		.getByRole('alertdialog', { name: `Close ${monthName(month, 'en')}?` })
		.getByRole('button', { name: 'Close it for good' })
		.click();
	await expect(staleTab.getByText('This month is already closed')).toBeVisible();
	await expect(
		staleTab.getByRole('button', { name: `Close ${monthName(month, 'en')}` })
	).toHaveCount(0);
	await expect(staleTab.getByRole('link', { name: monthName(month, 'en') })).toBeVisible();
	await staleTab.close();
});

test('each owner reads and downloads only their own statement, with figures that match the person-days; the operator sees no names', async () => {
	const { housePage, month, slugA, slugB, sharedCents } = made;
	// What each company owes: the shared amount pro rata of half-days (A: a day and a morning,
	// B: a day), in cents by the largest-remainder rule, adding up to the shared amount.
	const halfDays = { a: 3, b: 2 };
	const [centsA, centsB] = largestRemainder(sharedCents, [halfDays.a, halfDays.b]);
	expect(centsA + centsB).toBe(sharedCents);

	// 4a. Alice reads company A's statement, in English, and downloads it.
	await ownerA.goto(`/${slugA}/houses`);
	await expect(ownerA.getByRole('heading', { name: HOUSE })).toBeVisible();
	expect(await textOf(ownerA)).not.toContain('Chazal');
	await ownerA.getByRole('link', { name: 'Statements', exact: true }).click();
	await expect(ownerA.getByText(`1.5 person-days · ${euros(centsA, 'en')}`)).toBeVisible();
	expect(await textOf(ownerA)).not.toContain('Chazal');
	await ownerA.getByRole('link', { name: monthName(month, 'en') }).click();
	await expect(
		ownerA.getByRole('heading', { name: `Statement for ${monthName(month, 'en')}` })
	).toBeVisible();
	await expect(ownerA.getByTestId('formula')).toHaveText(
		`${euros(sharedCents, 'en')} × 1.5 ÷ 2.5 person-days = ${euros(centsA, 'en')}`
	);
	await expect(ownerA.getByTestId('statement-total')).toHaveText(euros(centsA, 'en'));
	await expectPersonDays(ownerA, A.owner, '1');
	await expectPersonDays(ownerA, A.member, '0.5');
	expect(await textOf(ownerA)).not.toContain('Chazal');
	const rowsA = await downloadCsv(ownerA, 'Download as CSV');
	const amountA = (centsA / 100).toFixed(2);
	expect(rowsA[0]).toBe('section,label,detail,person_days,amount_eur');
	expect(rowsA).toContain(`company,${A.company},${month},,`);
	expect(rowsA).toContain(
		`line,Share of the running costs,${euros(sharedCents, 'en')} × 1.5 ÷ 2.5 person-days = ${euros(centsA, 'en')},1.5,${amountA}`
	);
	expect(rowsA).toContain(`total,Total,,1.5,${amountA}`);
	expect(rowsA).toContain(`person,${A.owner},,1,`);
	expect(rowsA).toContain(`person,${A.member},,0.5,`);
	expect(rowsA.join('\n')).not.toContain('Chazal');

	// 4b. Chloé reads company B's, switches to French, and downloads it: `;` and decimal commas.
	await ownerB.goto(`/${slugB}/houses`);
	await expect(ownerB.getByRole('heading', { name: HOUSE })).toBeVisible();
	expect(await textOf(ownerB)).not.toContain('Vidal');
	await ownerB.getByRole('link', { name: 'Statements', exact: true }).click();
	await expect(ownerB.getByText(`1 person-day · ${euros(centsB, 'en')}`)).toBeVisible();
	expect(await textOf(ownerB)).not.toContain('Vidal');
	await ownerB.getByRole('link', { name: monthName(month, 'en') }).click();
	await expect(ownerB.getByTestId('statement-total')).toHaveText(euros(centsB, 'en'));
	await ownerB.getByRole('button', { name: 'Français' }).click();
	await expect(
		ownerB.getByRole('heading', {
			name: `Relevé ${/^[aeiou]/.test(monthName(month, 'fr')) ? 'd’' : 'de '}${monthName(month, 'fr')}`
		})
	).toBeVisible();
	await expect(ownerB.getByTestId('formula')).toHaveText(
		`${euros(sharedCents, 'fr')} × 1 ÷ 2,5 jours\u2011personnes = ${euros(centsB, 'fr')}`
	);
	await expect(ownerB.getByTestId('statement-total')).toHaveText(euros(centsB, 'fr'));
	await expectPersonDays(ownerB, B.owner, '1');
	expect(await textOf(ownerB)).not.toContain('Vidal');
	const rowsB = await downloadCsv(ownerB, 'Télécharger en CSV');
	const amountB = (centsB / 100).toFixed(2).replace('.', ',');
	expect(rowsB[0]).toBe('rubrique;libellé;détail;jours_personne;montant_eur');
	expect(rowsB).toContain(`entreprise;${B.company};${month};;`);
	expect(rowsB).toContain(
		`ligne;Part des charges de fonctionnement;${euros(sharedCents, 'fr')} × 1 ÷ 2,5 jours-personnes = ${euros(centsB, 'fr')};1;${amountB}`
	);
	expect(rowsB).toContain(`total;Total;;1;${amountB}`);
	expect(rowsB).toContain(`personne;${B.owner};;1;`);
	expect(rowsB.join('\n')).not.toContain('Vidal');

	const operatorPage = new URL(housePage).pathname.split('/houses/')[0];
	const earlier = monthFrom(month, -1);
	// The operator's log names the months closed.
	await officer.goto(`${operatorPage}/audit`);
	await expect(officer.getByText(`Closed ${monthName(month, 'en')}: ${HOUSE}`)).toBeVisible();
	await expect(officer.getByText(`Closed ${monthName(earlier, 'en')}: ${HOUSE}`)).toBeVisible();

	// The operator's pages: the companies and their figures, never a person's name (nobody opted
	// in to the house directory).
	await officer.goto(`${housePage}/months/${month}`);
	await expect(officer.getByText(euros(centsA, 'en')).first()).toBeVisible();
	await expect(officer.getByText(euros(centsB, 'en')).first()).toBeVisible();
	for (const path of [
		operatorPage,
		`${operatorPage}/statements?month=${month}`,
		housePage,
		`${housePage}/companies`,
		`${housePage}/months`,
		`${housePage}/months/${month}`,
		`${housePage}/occupancy`,
		`${housePage}/desk`
	]) {
		await officer.goto(path);
		await expect(officer.getByText(HOUSE).filter({ visible: true }).first()).toBeVisible();
		const text = await textOf(officer);
		for (const person of ['Alice', 'Bruno', 'Chloé']) expect(text, path).not.toContain(person);
	}
});

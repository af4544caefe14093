// A company leaves an operated house at the end of a month; the officer closes that month, finds a
// mistake in it and records a correction, which the form says the next month bills. Closing the
// next month bills it although the company no longer has an agreement there: a statement of the
// correction alone, no share of the costs, which the company's owner reads (and downloads) with a
// line saying why, and which the operator's pages show and add up. The company that stayed pays
// the whole shared cost, as it would have without the correction. Before it closes, the next
// month's page lists the correction it will bill.
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { randomUUID } from 'node:crypto';
import {
	downloadCsv,
	euros,
	monthFrom,
	monthName,
	seedOperatorHouse,
	todayIn
} from './operator-support';
import { openE2eDatabase, postCompany, postSignUp, uniqueEmail } from './support';

const HOUSE = 'Maison de la Margeride';
const LEAVER = { company: 'Scierie Vidal', owner: 'Alice Vidal' };
const STAYER = 'Fromagerie Chazal';
const RENT_CENTS = 60_000;
const CORRECTION = { amount: '-25,50', cents: -2_550, reason: 'Chauffage en panne le 3' };

/** The last date of `month` ("YYYY-MM"). */
function lastDay(month: string): string {
	const [year, number] = month.split('-').map(Number);
	return `${month}-${String(new Date(Date.UTC(year, number, 0)).getUTCDate()).padStart(2, '0')}`;
}

/**
 * What the UI cannot make: agreements from two months ago (the leaver's ending with that month),
 * the stayer's company and person, check-ins and rent in past months.
 */
function seedMonths(
	house: { operatorId: string; houseId: string },
	leaverSlug: string,
	earlier: string,
	month: string
) {
	const db = openE2eDatabase();
	db.pragma('busy_timeout = 5000');
	try {
		const id = () => randomUUID();
		const leaver = db.prepare('select id from companies where slug = ?').get(leaverSlug) as {
			id: string;
		};
		const owner = db.prepare('select id from users where name = ?').get(LEAVER.owner) as {
			id: string;
		};
		const stayer = id();
		db.prepare('insert into companies (id, name, slug) values (?, ?, ?)').run(
			stayer,
			STAYER,
			`chazal-${stayer.slice(0, 8)}`
		);
		const worker = id();
		db.prepare('insert into users (id, name, email, password_hash) values (?, ?, ?, ?)').run(
			worker,
			'Chloé Chazal',
			`${worker}@example.org`,
			'x'
		);
		db.prepare('insert into memberships (company_id, user_id, role) values (?, ?, ?)').run(
			stayer,
			worker,
			'member'
		);
		for (const [companyId, endDate] of [
			[leaver.id, lastDay(earlier)],
			[stayer, null]
		] as const) {
			const agreementId = id();
			db.prepare(
				`insert into agreements (id, operator_id, house_id, company_id, start_date, end_date)
				 values (?, ?, ?, ?, ?, ?)`
			).run(agreementId, house.operatorId, house.houseId, companyId, `${earlier}-01`, endDate);
			db.prepare(
				`insert into agreement_terms (id, agreement_id, valid_from, model, empty_month_rule)
				 values (?, ?, ?, 'cost_share', 'split_equally')`
			).run(id(), agreementId, `${earlier}-01`);
		}
		const checkIn = db.prepare(
			`insert into day_plans (company_id, user_id, date, half, kind, house_id, checked_in_at,
			   check_in_method, updated_at)
			 values (?, ?, ?, 'day', 'house', ?, ?, 'qr', ?)`
		);
		const at = Date.now();
		checkIn.run(leaver.id, owner.id, `${earlier}-03`, house.houseId, at, at);
		checkIn.run(stayer, worker, `${earlier}-03`, house.houseId, at, at);
		checkIn.run(stayer, worker, `${month}-04`, house.houseId, at, at);
		for (const costMonth of [earlier, month]) {
			db.prepare(
				`insert into house_cost_lines (id, house_id, month, category, label, amount_cents)
				 values (?, ?, ?, 'rent', 'Loyer', ?)`
			).run(id(), house.houseId, costMonth, RENT_CENTS);
		}
	} finally {
		db.close();
	}
}

/**
 * Closes the month the months page offers. Clicked once the scripts run, the page asks in a
 * dialog; clicked sooner (a busy machine hydrates late), the server asks in the page. A person
 * answers either: the question is asserted as such in operate-a-house-and-close-its-month.
 */
async function closeOffered(officer: Page, month: string) {
	const title = `Close ${monthName(month, 'en')}?`;
	await officer.getByRole('button', { name: `Close ${monthName(month, 'en')}` }).click();
	await officer
		.getByRole('alertdialog', { name: title })
		.or(officer.getByRole('group', { name: title }))
		.getByRole('button', { name: 'Close it for good' })
		.click();
	await expect(
		officer.getByText(`${monthName(month, 'en')} is closed: each company can see its statement.`)
	).toBeVisible();
}

/**
 * An operator's officer with the house and the months of `seedMonths`, and the leaver's owner, each
 * in a browser profile of their own.
 */
async function houseWithALeaver(
	browser: Browser,
	operator: { operator: string; commune: string; address: string }
) {
	const today = todayIn('Europe/Paris');
	const earlier = monthFrom(today, -2);
	const month = monthFrom(today, -1);
	const profiles = [await browser.newContext(), await browser.newContext()];
	const [officer, owner] = await Promise.all(profiles.map((profile) => profile.newPage()));
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	const house = seedOperatorHouse(officerEmail, { ...operator, house: HOUSE, seats: 8 });
	await postSignUp(owner, LEAVER.owner, uniqueEmail('owner'));
	const slug = await postCompany(owner, LEAVER.company);
	seedMonths(house, slug, earlier, month);
	const months = `${house.operatorPath}/houses/${house.houseId}/months`;
	return { officer, owner, profiles, house, slug, earlier, month, months };
}

test('a correction for a company that has left is billed with the month the form named, on a statement of its own', async ({
	browser
}) => {
	const { officer, owner, profiles, house, slug, earlier, month, months } = await houseWithALeaver(
		browser,
		{
			operator: 'Communauté de communes de la Margeride',
			commune: 'Saugues',
			address: '2 rue du Foirail'
		}
	);

	// 1. The officer closes the month the leaver was last in, then corrects it for the leaver.
	await officer.goto(months);
	await closeOffered(officer, earlier);
	await officer.goto(`${months}/${earlier}`);
	const adjust = officer.locator('form[action="?/adjust"]');
	await expect(adjust).toContainText(
		`billed to the company on its statement for ${monthName(month, 'en')}, when that month is closed`
	);
	await adjust.getByLabel('Company').selectOption({ label: LEAVER.company });
	await adjust.getByLabel('Amount (€)').fill(CORRECTION.amount);
	await adjust.getByLabel('Reason').fill(CORRECTION.reason);
	await adjust.getByRole('button', { name: 'Record the adjustment' }).click();
	await expect(
		officer.getByText(
			`Adjustment recorded: it will be on the company’s statement for ${monthName(month, 'en')}.`
		)
	).toBeVisible();

	// The next month, still open, lists the correction its closing will bill, with their total
	// (the rent is in its figures; the correction is not).
	await officer.goto(`${months}/${month}`);
	const pending = officer.getByRole('region', {
		name: 'Corrections closing this month will bill'
	});
	await expect(pending).toContainText(
		`Corrections of closed months still to bill: closing ${monthName(month, 'en')} adds each one to its company’s statement.`
	);
	await expect(pending.getByTestId('pending-correction')).toHaveCount(1);
	const line = pending.getByTestId('pending-correction');
	await expect(line).toContainText(`${LEAVER.company} · Correction of ${monthName(earlier, 'en')}`);
	await expect(line).toContainText(euros(CORRECTION.cents, 'en'));
	await expect(line).toContainText(CORRECTION.reason);
	const total = pending.getByTestId('pending-corrections-total');
	await expect(total).toContainText('Total of the corrections');
	await expect(total).toContainText(euros(CORRECTION.cents, 'en'));
	await officer.screenshot({ path: test.info().outputPath('open-month-en.png'), fullPage: true });
	// In French too, on a phone.
	await officer.getByRole('button', { name: 'Français' }).click();
	await officer.setViewportSize({ width: 360, height: 740 });
	const enAttente = officer.getByRole('region', {
		name: 'Régularisations que la clôture de ce mois facturera'
	});
	await expect(enAttente.getByTestId('pending-correction')).toContainText(
		`${LEAVER.company} · Régularisation ${/^[aeiou]/.test(monthName(earlier, 'fr')) ? 'd’' : 'de '}${monthName(earlier, 'fr')}`
	);
	await expect(enAttente.getByTestId('pending-corrections-total')).toContainText(
		'Total des régularisations'
	);
	await expect(enAttente.getByTestId('pending-corrections-total')).toContainText(
		euros(CORRECTION.cents, 'fr')
	);
	await officer.screenshot({ path: test.info().outputPath('open-month-fr.png'), fullPage: true });
	await officer.setViewportSize({ width: 1280, height: 720 });
	await officer.getByRole('button', { name: 'English' }).click();
	await expect(pending).toBeVisible();

	// 2. The next month closes, and bills it.
	await officer.goto(months);
	await closeOffered(officer, month);
	await expect(officer.getByText(`Billed in ${monthName(month, 'en')}`)).toBeVisible();
	await expect(officer.getByText('Pending:')).toHaveCount(0);
	await officer.goto(`${months}/${month}`);
	const cards = officer.getByTestId('statement');
	await expect(cards).toHaveCount(2);
	const leaverCard = cards.filter({ hasText: LEAVER.company });
	await expect(leaverCard).toContainText(`0 person-days · ${euros(CORRECTION.cents, 'en')}`);
	await expect(leaverCard.getByTestId('corrections-only')).toHaveText(
		'No agreement this month: corrections of earlier months only, no share of the costs.'
	);
	await expect(leaverCard).toContainText(
		`Correction of ${monthName(earlier, 'en')} — ${CORRECTION.reason}`
	);
	// The company that stayed pays the whole rent, as without the correction.
	const stayerCard = cards.filter({ hasText: STAYER });
	await expect(stayerCard).toContainText(`1 person-day · ${euros(RENT_CENTS, 'en')}`);
	await expect(stayerCard.getByTestId('corrections-only')).toHaveCount(0);
	// Billed: the shared rent plus the correction, to the cent, here and in the network's month.
	const billed = euros(RENT_CENTS + CORRECTION.cents, 'en');
	await expect(officer.locator('dd', { hasText: billed })).toBeVisible();
	await officer.goto(`${house.operatorPath}/statements?month=${month}`);
	await expect(officer.getByRole('row', { name: HOUSE })).toContainText(billed);

	// 3. The leaver's owner reads the statement, told why it holds a correction only.
	await owner.goto(`/${slug}/houses/${house.houseId}/statements`);
	await expect(owner.getByText(`0 person-days · ${euros(CORRECTION.cents, 'en')}`)).toBeVisible();
	await owner.getByRole('link', { name: monthName(month, 'en') }).click();
	await expect(
		owner.getByRole('heading', { name: `Statement for ${monthName(month, 'en')}` })
	).toBeVisible();
	await expect(owner.getByTestId('corrections-only')).toHaveText(
		`Your company no longer had an agreement at this house in ${monthName(month, 'en')}: this statement bills only corrections of earlier months, and no share of the month’s costs.`
	);
	await expect(owner.getByTestId('formula')).toHaveText(CORRECTION.reason);
	await expect(owner.getByTestId('statement-total')).toHaveText(euros(CORRECTION.cents, 'en'));
	await expect(
		owner.getByText('Nobody from your company checked in at the house this month.')
	).toBeVisible();
	expect(await owner.locator('body').innerText()).not.toContain('Chazal');
	const rows = await downloadCsv(owner, 'Download as CSV');
	expect(rows).toContain(
		`line,Correction of ${monthName(earlier, 'en')},${CORRECTION.reason},,-25.50`
	);
	expect(rows).toContain('total,Total,,0,-25.50');

	// In French, with the accounting words.
	await owner.getByRole('button', { name: 'Français' }).click();
	await expect(owner.getByTestId('corrections-only')).toHaveText(
		`Votre entreprise n’avait plus de convention à cette maison en ${monthName(month, 'fr')} : ce relevé ne facture que des régularisations de mois précédents, sans part des charges du mois.`
	);
	await expect(owner.getByTestId('statement-total')).toHaveText(euros(CORRECTION.cents, 'fr'));

	await Promise.all(profiles.map((profile) => profile.close()));
});

test('two corrections recorded one after the other from the same page are both kept, each once', async ({
	browser
}) => {
	// The form carries a one-time id so that the same form sent twice records one correction: the
	// form drawn again after a save must carry a new one, or the second correction would be lost.
	const { officer, profiles, earlier, months } = await houseWithALeaver(browser, {
		operator: 'Communauté de communes du Haut-Allier',
		commune: 'Langeac',
		address: '1 place de la Liberté'
	});
	await officer.goto(months);
	await closeOffered(officer, earlier);
	await officer.goto(`${months}/${earlier}`);

	const adjust = officer.locator('form[action="?/adjust"]');
	const list = officer.getByRole('region', { name: 'Adjustments' }).getByRole('listitem');
	for (const [index, { amount, reason }] of [
		{ amount: '-25,50', reason: 'Chauffage en panne le 3' },
		{ amount: '12€50', reason: 'Badge de remplacement' }
	].entries()) {
		await adjust.getByLabel('Company').selectOption({ label: LEAVER.company });
		await adjust.getByLabel('Amount (€)').fill(amount);
		await adjust.getByLabel('Reason').fill(reason);
		await adjust.getByRole('button', { name: 'Record the adjustment' }).click();
		await expect(list).toHaveCount(index + 1);
		await expect(list.filter({ hasText: reason })).toHaveCount(1);
	}
	await expect(list.filter({ hasText: 'Badge de remplacement' })).toContainText(euros(1_250, 'en'));
	await expect(list.filter({ hasText: 'Chauffage en panne le 3' })).toContainText(
		euros(-2_550, 'en')
	);
	await Promise.all(profiles.map((profile) => profile.close()));
});

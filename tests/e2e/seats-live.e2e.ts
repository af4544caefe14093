import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { todayIn } from './operator-support';
import { openBoard } from './presence-support';
import { openE2eDatabase, postCompany, postSignUp, uniqueEmail } from './support';

/**
 * The commune's house (one seat) and both companies' agreements there, written into the server's
 * database: the operator's pages are other tests'; this one is about the boards. Ids are letters
 * and digits, as the app makes them (the planner's form takes no other).
 */
function seedSharedHouse(houseName: string, companies: string[]) {
	const db = openE2eDatabase();
	db.pragma('busy_timeout = 5000');
	try {
		const tag = `${Date.now().toString(36)}${process.pid}`;
		db.prepare('insert into operators (id, name, slug) values (?, ?, ?)').run(
			`op${tag}`,
			'Commune de Dienne',
			`commune-de-dienne-${tag}`
		);
		db.prepare(
			`insert into houses (id, name, commune, address, seats, time_zone, operator_id)
			 values (?, ?, ?, ?, ?, ?, ?)`
		).run(`house${tag}`, houseName, 'Dienne', '1 place de l’Église', 1, 'Europe/Paris', `op${tag}`);
		for (const name of companies) {
			const { id: companyId } = db.prepare('select id from companies where name = ?').get(name) as {
				id: string;
			};
			const agreementId = `agr${tag}${companyId}`;
			db.prepare(
				`insert into agreements (id, operator_id, house_id, company_id, start_date)
				 values (?, ?, ?, ?, ?)`
			).run(agreementId, `op${tag}`, `house${tag}`, companyId, '2020-01-01');
			db.prepare(
				`insert into agreement_terms (id, agreement_id, valid_from, reserved_seats, model,
				 empty_month_rule) values (?, ?, ?, 0, 'cost_share', 'split_equally')`
			).run(`${agreementId}terms`, agreementId, '2020-01-01');
			db.prepare('insert into company_houses (company_id, house_id) values (?, ?)').run(
				companyId,
				`house${tag}`
			);
		}
	} finally {
		db.close();
	}
}

/** Records the board's data reloads (SvelteKit's __data.json), to tell "applied in place" apart. */
function countDataReloads(page: Page) {
	let reloads = 0;
	page.on('request', (request) => {
		if (request.url().includes('__data.json')) reloads += 1;
	});
	return () => reloads;
}

// Anne lives by the house's clock (Paris), as her device does: her planner shows her own week, and
// in a UTC browser "today in Paris" is not in it from 23:00 to 24:00 UTC on a Sunday (a CI run at
// that hour failed so).
test.use({ timezoneId: 'Europe/Paris' });

test('people of two companies at one house see its seats change on their board and planner as the other company plans and checks in', async ({
	openProfile
}) => {
	const tag = Date.now().toString(36);
	const house = `Maison de Dienne ${tag}`;
	const atelier = `Atelier Cantal ${tag}`;
	const bureau = `Bureau Planèze ${tag}`;

	const anne = await openProfile();
	await postSignUp(anne, 'Anne Arnal', uniqueEmail('anne'));
	const atelierSlug = await postCompany(anne, atelier);
	const bruno = await openProfile();
	await postSignUp(bruno, 'Bruno Besse', uniqueEmail('bruno'));
	const bureauSlug = await postCompany(bruno, bureau);
	seedSharedHouse(house, [atelier, bureau]);

	await openBoard(anne, atelierSlug);
	await openBoard(bruno, bureauSlug);
	const seatsOn = (page: Page) =>
		page.getByTestId('house-card').filter({ hasText: house }).getByTestId('seats-left');
	await expect(seatsOn(anne)).toHaveText('1 seat left across all companies');
	await expect(seatsOn(bruno)).toHaveText('1 seat left across all companies');
	// At a shared house, the card's count is said to be the viewer's company's only.
	await expect(
		anne
			.getByTestId('house-card')
			.filter({ hasText: house })
			.getByText('0 from your company · 1 seat')
	).toBeVisible();

	// Anne plans today at the house in her planner, in a second tab: the planner counts her, and
	// Bruno's board counts her company's seat, in place.
	const today = todayIn('Europe/Paris');
	const planner = await anne.context().newPage();
	await planner.goto(`/${atelierSlug}/plan`);
	const todayForm = planner.locator('form', {
		has: planner.locator(`input[name="date"][value="${today}"]`)
	});
	await todayForm.getByLabel('Where').selectOption({ label: house });
	await todayForm.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(planner.getByTestId(`seats-${today}`)).toHaveText(`${house}: 0 seats left`);
	await expect(seatsOn(bruno)).toHaveText('0 seats left across all companies');
	const anneReloads = countDataReloads(anne);
	const plannerReloads = countDataReloads(planner);

	// Bruno checks in for his company: Anne's board and her planner flag the house, in place.
	await bruno.getByRole('button', { name: `I’m at ${house} today` }).click();
	await expect(bruno.getByTestId('check-in-full')).toHaveText(
		`You’re checked in at ${house} — the house is full today: 2 people for 1 seat.`
	);
	await expect(seatsOn(anne)).toHaveText(
		'Over capacity today: 1 more than its one seat, across all companies.'
	);
	await expect(planner.getByTestId(`seats-${today}`)).toHaveText(
		`${house} is over capacity that day (1 more than its one seat): you can still come.`
	);
	expect(anneReloads()).toBe(0);
	expect(plannerReloads()).toBe(0);

	// Counts only: neither board names the other company or its people.
	await expect(anne.locator('main')).not.toContainText('Bruno');
	await expect(anne.locator('main')).not.toContainText(bureau);
	await expect(bruno.locator('main')).not.toContainText('Anne');
	await expect(bruno.locator('main')).not.toContainText(atelier);
});

// The desk's usual work comes after the day: two people of one company forgot to scan yesterday.
// The officer picks yesterday in one tap, and after the first confirmation the form keeps the
// company, the day and the half, empties only the address and puts the cursor there for the next.
// A check-in recorded by mistake is taken back with the same fields. A desk left open overnight
// moves on to the next day by itself.
import { test, expect } from './fixtures';
import { openE2eDatabase, postSignUp, uniqueEmail } from './support';
import { seedOperatorHouse, todayIn } from './operator-support';

/** A company with two people and an agreement at the house since long before yesterday. */
function seedCompanyAtHouse(operatorId: string, houseId: string, emails: string[]) {
	const db = openE2eDatabase();
	db.pragma('busy_timeout = 5000');
	try {
		const tag = Date.now().toString(36);
		const companyId = `co-${tag}`;
		// Open every day, so that the last opening day before today is yesterday whatever today is.
		db.prepare('update houses set opening_days = ? where id = ?').run('[1,2,3,4,5,6,7]', houseId);
		db.prepare('insert into companies (id, name, slug) values (?, ?, ?)').run(
			companyId,
			'Scop Volcans',
			`scop-volcans-${tag}`
		);
		emails.forEach((email, index) => {
			const userId = `user-${tag}-${index}`;
			db.prepare('insert into users (id, email, name, password_hash) values (?, ?, ?, ?)').run(
				userId,
				email,
				`Person ${index}`,
				'!'
			);
			db.prepare('insert into memberships (company_id, user_id, role) values (?, ?, ?)').run(
				companyId,
				userId,
				index === 0 ? 'owner' : 'member'
			);
		});
		const agreementId = `agr-${tag}`;
		db.prepare(
			'insert into agreements (id, operator_id, house_id, company_id, start_date) values (?, ?, ?, ?, ?)'
		).run(agreementId, operatorId, houseId, companyId, '2020-01-01');
		db.prepare(
			`insert into agreement_terms (id, agreement_id, valid_from, model, empty_month_rule)
			 values (?, ?, ?, 'cost_share', 'split_equally')`
		).run(`terms-${tag}`, agreementId, '2020-01-01');
		db.prepare('insert into company_houses (company_id, house_id) values (?, ?)').run(
			companyId,
			houseId
		);
	} finally {
		db.close();
	}
}

function deskCheckIns(houseId: string, date: string) {
	const db = openE2eDatabase();
	try {
		return db
			.prepare(
				`select users.email as email, day_plans.half as half from day_plans
				 join users on users.id = day_plans.user_id
				 where house_id = ? and date = ? and check_in_method = 'desk' order by users.email`
			)
			.all(houseId, date);
	} finally {
		db.close();
	}
}

test('the desk records two forgotten check-ins for yesterday, picking the day once', async ({
	page: officer
}) => {
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	const { operatorId, operatorPath, houseId } = seedOperatorHouse(officerEmail, {
		operator: 'Commune de Murat',
		house: 'Maison de Murat',
		commune: 'Murat',
		address: '2 place de la Mairie',
		seats: 8
	});
	const [first, second] = [uniqueEmail('anne'), uniqueEmail('bruno')];
	seedCompanyAtHouse(operatorId, houseId, [first, second]);
	const today = todayIn('Europe/Paris');
	const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000)
		.toISOString()
		.slice(0, 10);

	await officer.goto(`${operatorPath}/houses/${houseId}/desk`);
	const day = officer.getByLabel('Day', { exact: true });
	// Today by default: someone at the counter now.
	await expect(day).toHaveValue(today);
	const email = officer.getByLabel('Their email address');
	await email.fill(first);
	await officer.getByLabel('Company', { exact: true }).selectOption({ label: 'Scop Volcans' });
	await officer.getByLabel('Part of the day').selectOption({ label: 'Morning' });
	await officer
		.getByRole('group', { name: 'Pick a day' })
		.getByRole('button', { name: 'Yesterday' })
		.click();
	await expect(day).toHaveValue(yesterday);
	await officer.getByRole('button', { name: 'Confirm the check-in' }).click();
	await expect(officer.getByText('Check-in confirmed for Scop Volcans.')).toBeVisible();

	// Ready for the next one: the same company, day and half; the address empty and focused.
	await expect(email).toHaveValue('');
	await expect(email).toBeFocused();
	await expect(day).toHaveValue(yesterday);
	await expect(officer.getByLabel('Company', { exact: true })).toHaveValue(/.+/);
	await expect(officer.getByLabel('Part of the day')).toHaveValue('am');
	await email.fill(second);
	await officer.getByRole('button', { name: 'Confirm the check-in' }).click();
	await expect(email).toHaveValue('');

	await expect
		.poll(() => deskCheckIns(houseId, yesterday))
		.toEqual([first, second].sort().map((address) => ({ email: address, half: 'am' })));

	// The second was a mistake (they came in the afternoon): the same fields take it back.
	await email.fill(second);
	await officer.getByRole('button', { name: 'Take back this check-in' }).click();
	await expect(
		officer.getByText('Check-in taken back for Scop Volcans: that day is planned again')
	).toBeVisible();
	await expect.poll(() => deskCheckIns(houseId, yesterday)).toEqual([{ email: first, half: 'am' }]);
	// Nothing left to take back for them: said next to the part of the day.
	await email.fill(second);
	await officer.getByRole('button', { name: 'Take back this check-in' }).click();
	await expect(
		officer.getByText('They have no check-in here for that day and part of the day.')
	).toBeVisible();
});

test('a desk left open overnight moves its day on in the morning, unless the officer chose one', async ({
	page: officer
}) => {
	const officerEmail = uniqueEmail('night');
	await postSignUp(officer, 'Noé Veilleur', officerEmail);
	const { operatorId, operatorPath, houseId } = seedOperatorHouse(officerEmail, {
		operator: 'Commune de Riom',
		house: 'Maison de Riom',
		commune: 'Riom',
		address: '1 rue du Marché',
		seats: 6
	});
	seedCompanyAtHouse(operatorId, houseId, [uniqueEmail('claire')]);
	await officer.clock.install();
	const today = todayIn('Europe/Paris');
	const next = (date: string, days: number) =>
		new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

	await officer.goto(`${operatorPath}/houses/${houseId}/desk`);
	const day = officer.getByLabel('Day', { exact: true });
	await expect(day).toHaveValue(today);

	// The night passes with the page open: in the morning the day is the new one, and "Yesterday"
	// is the day the page was opened.
	await officer.clock.fastForward('24:00:00');
	await expect(day).toHaveValue(next(today, 1));
	await expect(day).toHaveAttribute('max', next(today, 1));
	const pick = officer.getByRole('group', { name: 'Pick a day' });
	await pick.getByRole('button', { name: 'Yesterday' }).click();
	await expect(day).toHaveValue(today);

	// A day the officer chose stays chosen through the next night.
	await officer.clock.fastForward('24:00:00');
	await expect(day).toHaveAttribute('max', next(today, 2));
	await expect(day).toHaveValue(today);
});

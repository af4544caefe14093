import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { teamWithAHouse } from './presence-support';

test('a manager sees an over-capacity day come into the open team week and downloads the occupancy CSV', async ({
	openProfile
}) => {
	const team = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Lioran',
		house: 'Refuge du Lioran',
		seats: '1',
		cost: '1000'
	});
	const { manager, member, slug } = team;
	await manager.goto(`/${slug}`);
	await manager.getByRole('button', { name: /Refuge du Lioran today/ }).click();
	await expect(manager.getByText('You’re at Refuge du Lioran today')).toBeVisible();

	// The manager keeps the team week open: one person at the house, no warning yet.
	await manager.getByRole('link', { name: 'Team week', exact: true }).click();
	await expect(manager.getByRole('heading', { name: 'Team week' })).toBeVisible();
	await expect(manager.getByText('over capacity', { exact: true })).toHaveCount(0);

	// The second check-in fills the house past its one seat, and its answer says so.
	await member.goto(`/${slug}`);
	await member.getByRole('button', { name: /Refuge du Lioran today/ }).click();
	await expect(
		member.getByText(
			'You’re checked in at Refuge du Lioran — the house is full today: 2 people for 1 seat.'
		)
	).toBeVisible();

	// The manager's open team week says so without a reload.
	await expect(manager.getByRole('alert')).toContainText(
		/Refuge du Lioran is over capacity on .*: 2 people for 1 seat\./
	);
	await expect(manager.getByText('over capacity', { exact: true })).toBeVisible();

	// A member does not see the manager's pages.
	await member.goto(`/${slug}/team`);
	await expect(member.getByRole('heading', { name: 'Not allowed' })).toBeVisible();

	await manager.getByRole('link', { name: 'Occupancy', exact: true }).click();
	await expect(manager.getByTestId('total-person-days')).toHaveText('2');
	const download = manager.waitForEvent('download');
	await manager.getByRole('link', { name: 'Download CSV' }).click();
	const file = await (await download).path();
	const text = await readFile(file, 'utf8');
	// A byte order mark first, so a spreadsheet reads the accents as UTF-8.
	expect(text.startsWith('\uFEFF')).toBe(true);
	const csv = text.slice(1).split('\r\n');
	const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
		.format(new Date())
		.slice(0, 7);
	expect(csv[0]).toBe(
		'section,house,month,member_or_date,planned_person_days,on_site_person_days,planned_peak_people,on_site_peak_people,seats'
	);
	// Both checked in today: planned and on site alike.
	expect(csv).toContain(`member,Refuge du Lioran,${month},Bastien Roux,1,1,,,1`);
	expect(csv).toContain(`member,Refuge du Lioran,${month},Margaux Lefèvre,1,1,,,1`);
	expect(csv).toContain(`total,Refuge du Lioran,${month},,2,2,,,1`);
	expect(csv).toContain(
		`cost,Refuge du Lioran,${month},cost_share_eur,1000.00,cost_per_on_site_person_day_eur,500.00,,`
	);
});

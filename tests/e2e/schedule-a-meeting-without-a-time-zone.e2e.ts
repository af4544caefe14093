// Someone with no home house and no time zone saved (their sign-up was sent before the page's
// scripts ran) gives a meeting a time: the form reads it on their device's clock once its scripts
// run, and on the zone the company's houses share before; it says which beside the fields. Before,
// it read "Time zone: UTC" and a meeting typed for 14:30 in Martinique was held at 10:30 there.
import { expect, test } from './fixtures';
import { addHouse } from './video-support';
import {
	openE2eDatabase,
	postCompany,
	postInvitationLink,
	postSignUp,
	uniqueEmail
} from './support';

test('a newcomer with no time zone schedules a meeting on their device’s clock, and is told so', async ({
	openProfile
}) => {
	const owner = await openProfile({ timezoneId: 'Europe/Paris' });
	await postSignUp(owner, 'Inès Fabre', uniqueEmail('zone-owner'));
	const slug = await postCompany(owner, 'Coopérative de la Margeride');
	// The company's one house is on Paris time (the house form's default).
	await addHouse(owner, slug, 'Maison du Malzieu');
	const link = await postInvitationLink(owner, slug);

	// Théo signs up from the link before any script ran: no zone is saved, and he has no home house.
	const email = uniqueEmail('zone-newcomer');
	const noScript = await openProfile({
		javaScriptEnabled: false,
		timezoneId: 'America/Martinique'
	});
	await noScript.goto(link);
	await noScript.getByLabel('Your name').fill('Théo Vidal');
	await noScript.getByLabel('Email').fill(email);
	await noScript.getByLabel('Password').fill('the bells of the village church');
	await noScript.getByRole('button', { name: 'Create account and join' }).click();
	await expect(noScript).not.toHaveURL(/\/invite\//);
	const db = openE2eDatabase();
	try {
		const zone = () => db.prepare('select time_zone from users where email = ?').get(email);
		expect(zone()).toEqual({ time_zone: null });

		// Without scripts the server cannot know his device: the zone the company's houses share.
		await noScript.goto(`/${slug}/rooms`);
		await expect(noScript.getByTestId('meeting-time-zone')).toHaveText(
			'Time zone: Europe/Paris, your company’s houses’ (your profile has none yet).'
		);

		// On his phone, its scripts running, the form takes his device's zone. (The layout would
		// save that zone to his profile at once; kept from doing so, the form alone carries it.)
		const phone = await openProfile({
			timezoneId: 'America/Martinique',
			storageState: await noScript.context().storageState()
		});
		await phone.route('**/api/time-zone', (route) => route.abort());
		await phone.goto(`/${slug}/rooms`);
		await expect(phone.getByTestId('meeting-time-zone')).toHaveText(
			'Time zone: America/Martinique, this device’s (your profile has none yet).'
		);
		expect(zone()).toEqual({ time_zone: null });

		// Tomorrow at 14:30 on his clock is 18:30 UTC (Martinique keeps UTC−4 all year).
		const tomorrow = new Date(Date.now() + 24 * 3600_000);
		const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Martinique' }).format(
			tomorrow
		);
		await phone.getByLabel('Name', { exact: true }).fill('Point planning');
		await phone.getByLabel('Date', { exact: true }).fill(day);
		await phone.getByLabel('Time', { exact: true }).fill('14:30');
		await phone.getByRole('button', { name: 'Create the room' }).click();
		await expect(phone.getByText('The room “Point planning” is ready.')).toBeVisible();
		const room = db.prepare('select scheduled_at from rooms where name = ?').get('Point planning');
		expect(room).toEqual({ scheduled_at: Date.parse(`${day}T18:30:00Z`) });
		await expect(
			phone.getByRole('listitem', { name: 'Point planning' }).getByText(/14:30/)
		).toBeVisible();
	} finally {
		db.close();
	}
});

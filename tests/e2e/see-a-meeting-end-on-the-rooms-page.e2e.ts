// A meeting that ends while the rooms page is open moves to the past meetings, marked "Ended",
// without a reload: the page reads its rooms again when the next meeting starts or ends.
import { expect, test } from './fixtures';
import { openE2eDatabase, postCompany, postSignUp, uniqueEmail } from './support';

test('a meeting under way moves to the past meetings when its time is over, the page left open', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await postSignUp(owner, 'Inès Fabre', uniqueEmail('meeting-ends'));
	const slug = await postCompany(owner, 'Coopérative du Cantal');
	await owner.goto(`/${slug}/rooms`);
	await owner.getByLabel('Name', { exact: true }).fill('Point budget');
	await owner.getByRole('button', { name: 'Create the room' }).click();
	await expect(owner.getByText('The room “Point budget” is ready.')).toBeVisible();

	// Its half hour (the default length) began long enough ago to end a few seconds from now: the
	// form only takes times to the minute and never in the past.
	const db = openE2eDatabase();
	try {
		db.prepare('update rooms set scheduled_at = ?, duration_minutes = 30 where name = ?').run(
			Date.now() - 30 * 60_000 + 5_000,
			'Point budget'
		);
	} finally {
		db.close();
	}
	await owner.reload();
	const current = owner.getByRole('region', { name: 'Rooms' });
	const card = current.getByRole('listitem', { name: 'Point budget' });
	await expect(card).toContainText('Under way');

	const past = owner.getByRole('region', { name: 'Past meetings' });
	await expect(past.getByRole('listitem', { name: 'Point budget' })).toContainText('Ended', {
		timeout: 20_000
	});
	await expect(current.getByRole('listitem', { name: 'Point budget' })).toHaveCount(0);
});

import { expect, test } from './fixtures';
import { companyWith, roundCommand, setUpStandup } from './stand-up-support';

// A stand-up any participant may run: the manager starts it while Ana is not there yet (absent),
// Ana joins late and is slotted in, the manager's laptop drops, Ana takes over and carries on.
test.describe.configure({ timeout: 90_000 });

test('a participant takes over the round when the runner drops', async ({ openProfile }) => {
	const { slug, manager, members } = await companyWith(openProfile, 'Marc Manager', ['Ana Martin']);
	const [ana] = members;
	const standupUrl = await setUpStandup(manager, slug, 'Morning round', async (page) => {
		await page.getByLabel('Chosen people').check();
		const chosen = page.getByRole('group', { name: 'Chosen people' });
		await chosen.getByLabel('Marc Manager').check();
		await chosen.getByLabel('Ana Martin').check();
		await page.getByLabel('Any participant').check();
	});

	await ana.goto(standupUrl);
	await roundCommand(manager, 'Start the stand-up');
	await expect(ana.getByTestId('current-speaker')).toHaveText('Marc Manager');
	await expect(ana.getByText('Absent (written answers included): Ana Martin')).toBeVisible();

	// Ana comes in late: she is slotted into the order, no longer absent.
	await roundCommand(ana, 'Join the stand-up');
	const order = manager.getByRole('list', { name: 'Speaking order' });
	await expect(order).toContainText('Ana Martin — waiting (joined late)');
	await expect(manager.getByText(/^Absent/)).toHaveCount(0);
	// Joining during the round opens the stand-up's own call beside it.
	const joinNow = ana.getByRole('button', { name: 'Join now' });
	await expect(joinNow).toBeEnabled({ timeout: 15_000 });
	await joinNow.click();
	await expect(ana.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });

	// The runner drops; Ana takes over and runs the rest from where it was.
	await manager.context().close();
	await expect(ana.getByText('Run by Marc Manager')).toBeVisible();
	await roundCommand(ana, 'Take over');
	await expect(ana.getByText('Run by Ana Martin')).toBeVisible();
	await expect(ana.getByTestId('current-speaker')).toHaveText('Marc Manager');
	await roundCommand(ana, 'Next');
	await expect(ana.getByTestId('current-speaker')).toHaveText('Ana Martin');
	await roundCommand(ana, 'End the stand-up');
	await expect(ana.getByText('has ended.')).toBeVisible();
});

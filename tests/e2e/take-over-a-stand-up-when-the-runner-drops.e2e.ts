import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	createCompany,
	createInvitationLink,
	joinThroughLink,
	signUp,
	uniqueEmail
} from './support';

// A stand-up any participant may run: the manager starts it while Ana is not there yet (absent),
// Ana joins late and is slotted in, the manager's laptop drops, Ana takes over and carries on.
test.describe.configure({ timeout: 90_000 });

async function newPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	return context.newPage();
}

async function roundCommand(page: Page, name: string) {
	const answered = page.waitForResponse(
		(response) => response.request().method() === 'POST' && response.url().includes('?/round')
	);
	await page.getByRole('button', { name, exact: true }).click();
	expect((await answered).status()).toBe(200);
}

test('a participant takes over the round when the runner drops', async ({ browser }) => {
	const company = `Coop ${Date.now().toString(36)}`;
	const manager = await newPage(browser);
	await signUp(manager, 'Marc Manager', uniqueEmail('marc'));
	await createCompany(manager, company);
	const slug = new URL(manager.url()).pathname.slice(1);
	const ana = await newPage(browser);
	await joinThroughLink(ana, await createInvitationLink(manager, slug), 'Ana Martin', company);

	await manager.goto(`/${slug}/standups/new`);
	await manager.getByLabel('Name').fill('Morning round');
	await manager.getByLabel('Sat').check();
	await manager.getByLabel('Sun').check();
	await manager.getByLabel('Answers open (hours before)').fill('48');
	await manager.getByLabel('Any participant').check();
	await manager.getByRole('button', { name: 'Create stand-up' }).click();
	await expect(manager.getByRole('heading', { level: 1, name: 'Morning round' })).toBeVisible();
	const standupUrl = new URL(manager.url()).pathname;

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

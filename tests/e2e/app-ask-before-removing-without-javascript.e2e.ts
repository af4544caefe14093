// Removing someone, leaving and deleting a document ask first even where the dialog cannot: with
// JavaScript off (or a click before the page came alive, which a slow link makes likely) the
// server asks in the page, and nothing is removed until the person confirms.
import { expect, test } from './fixtures';
import { companyWithColleague, createDocumentNamed } from './support';

test('without JavaScript, removing a colleague and deleting a document ask first, in the page', async ({
	openProfile
}) => {
	const owner = await openProfile();
	const slug = await companyWithColleague(owner, await openProfile(), {
		owner: 'Hélène Vidal',
		colleague: 'Paul Bonnet',
		company: 'Atelier Sans Script'
	});
	await createDocumentNamed(owner, slug, 'Plan du marché');

	// The same person on a browser that runs no script.
	const plain = await openProfile({
		javaScriptEnabled: false,
		storageState: await owner.context().storageState()
	});

	await plain.goto(`/${slug}/members`);
	await plain.getByRole('button', { name: 'Remove Paul Bonnet' }).click();
	const question = plain.getByRole('group', { name: 'Remove Paul Bonnet?' });
	await expect(question).toBeVisible();
	// Asked, not done: Paul is still listed, and "Cancel" leaves him there.
	await expect(plain.getByText('Member removed.')).toHaveCount(0);
	await question.getByRole('link', { name: 'Cancel' }).click();
	await expect(plain.getByRole('button', { name: 'Remove Paul Bonnet' })).toBeVisible();
	await expect(plain.getByRole('group', { name: 'Remove Paul Bonnet?' })).toHaveCount(0);

	await plain.getByRole('button', { name: 'Remove Paul Bonnet' }).click();
	await plain
		.getByRole('group', { name: 'Remove Paul Bonnet?' })
		.getByRole('button', { name: 'Remove from company' })
		.click();
	await expect(plain.getByText('Member removed.')).toBeVisible();
	await expect(plain.getByRole('button', { name: 'Remove Paul Bonnet' })).toHaveCount(0);

	await plain.goto(`/${slug}/documents`);
	await plain.getByRole('button', { name: 'Delete “Plan du marché”' }).click();
	const deleting = plain.getByRole('group', { name: /Plan du marché/ });
	await expect(deleting).toBeVisible();
	await expect(plain.getByRole('link', { name: 'Plan du marché' })).toBeVisible();
	await deleting.getByRole('button', { name: 'Delete for good' }).click();
	await expect(plain.getByRole('link', { name: 'Plan du marché' })).toHaveCount(0);
});

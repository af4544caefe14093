import { expect, test } from './fixtures';
import {
	createCompany,
	postCompany,
	postInvitationLink,
	postJoin,
	postSignUp,
	uniqueEmail
} from './support';

const TITLE = 'Plan de la semaine';

test('a colleague mentioned in a document sees the bell count rise live and follows it there', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const author = await openProfile();
	// The colleague is on a phone: the bell fits the header's one line at 360 px.
	const colleague = await openProfile({ viewport: { width: 360, height: 740 } });

	await postSignUp(author, 'Margaux Lefèvre', uniqueEmail('author'));
	const slug = await postCompany(author, 'Coopérative des Écrins');
	const link = await postInvitationLink(author, slug);
	await postJoin(colleague, link, 'Bastien Roux');

	// The colleague has the board open, nothing unread.
	await colleague.goto(`/${slug}`);
	const bell = colleague.getByRole('link', { name: /^Notifications/ });
	await expect(bell).toHaveAccessibleName('Notifications');

	await author.goto(`/${slug}/documents`);
	await author.getByLabel('Title', { exact: true }).fill(TITLE);
	await author.getByRole('button', { name: 'Create document' }).click();
	await expect(author).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
	const documentUrl = author.url();
	const editor = author.getByRole('textbox', { name: `Content of ${TITLE}` });
	await editor.click();
	await author.keyboard.type('Ask @Bas');
	await author.getByRole('option', { name: 'Bastien Roux' }).click();
	await expect(editor.locator('.mention')).toHaveText('@Bastien Roux');

	// Without reloading, the colleague's bell says so (its name includes the visible count).
	await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
	await expect(bell).toContainText('1');
	await expect(bell).toBeInViewport();

	await bell.click();
	await expect(colleague).toHaveURL('/notifications');
	const item = colleague.getByRole('link', {
		name: `Unread: Margaux Lefèvre mentioned you in ${TITLE}`
	});
	// Its "Mark as read" says which notification it marks, among several alike.
	await expect(colleague.getByRole('button', { name: 'Mark as read' })).toHaveAccessibleDescription(
		`Margaux Lefèvre mentioned you in ${TITLE}`
	);
	// In one company, no notification names its company.
	await expect(colleague.getByTestId('notification-company')).toHaveCount(0);
	await item.click();
	await expect(colleague).toHaveURL(documentUrl);
	await expect(colleague.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();

	// The author, who wrote the mention, was not notified.
	await expect(author.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();

	// Once the colleague is in two companies, each notification says which company it is from.
	await createCompany(colleague, 'Roux Menuiserie');
	await colleague.goto('/notifications');
	await expect(colleague.getByTestId('notification-company')).toHaveText('Coopérative des Écrins');
});

// An operator's admin gives a house its photo (a camera-sized JPEG, resized by the browser before
// it goes), sees it on the house's page and in the network, and a company working in the house
// sees it on its houses page; removed, it is gone for both.
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seedOperatorHouse } from './operator-support';
import { openE2eDatabase, postCompany, postSignUp, uniqueEmail } from './support';
import { flatJpeg } from '../houses/photo-fixtures';

/** The company's agreement at the house, in force since 2020, and its link to the house. */
function seedAgreement(operatorId: string, houseId: string, companyName: string) {
	const db = openE2eDatabase();
	db.pragma('busy_timeout = 5000');
	try {
		const company = db.prepare('select id from companies where name = ?').get(companyName) as {
			id: string;
		};
		db.prepare(
			`insert into agreements (id, operator_id, house_id, company_id, start_date)
			 values (?, ?, ?, ?, '2020-01-01')`
		).run(`agreement-${houseId}`, operatorId, houseId, company.id);
		db.prepare('insert into company_houses (company_id, house_id) values (?, ?)').run(
			company.id,
			houseId
		);
	} finally {
		db.close();
	}
}

/** How far the page is wider than the screen (0 or less: no sideways scrolling). */
function horizontalOverflow(page: Page) {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}

function storedPhoto(houseId: string) {
	const db = openE2eDatabase();
	try {
		return db
			.prepare(
				'select content_type, width, height, length(data) as bytes from house_photos where house_id = ?'
			)
			.get(houseId) as
			{ content_type: string; width: number; height: number; bytes: number } | undefined;
	} finally {
		db.close();
	}
}

test('an operator gives its house a photo, and the company working there sees it', async ({
	openProfile
}, testInfo) => {
	const officer = await openProfile();
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Martine Mairie', officerEmail);
	const owner = await openProfile();
	await postSignUp(owner, 'Louis Fabre', uniqueEmail('owner'));
	const companyHouses = `/${await postCompany(owner, 'Ébénisterie Fabre')}/houses`;
	// The operator, its house and the company's agreement there: other tests' subjects.
	const { operatorId, operatorPath, houseId } = seedOperatorHouse(officerEmail, {
		operator: 'Commune de Neussargues',
		house: 'Maison de la Gare',
		commune: 'Neussargues',
		address: '1 avenue de la Gare',
		seats: 10
	});
	seedAgreement(operatorId, houseId, 'Ébénisterie Fabre');

	// A photo as a camera takes it: larger than the app keeps.
	const original = testInfo.outputPath('maison-de-la-gare.jpg');
	writeFileSync(original, flatJpeg(2400, 1600));

	await officer.goto(`${operatorPath}/houses/${houseId}`);
	const field = officer.getByRole('region', { name: 'Photo', exact: true });
	await expect(field.getByText('No photo yet')).toBeVisible();
	await field.getByLabel('Photo of the house').setInputFiles(original);
	await expect(field.getByTestId('house-photo-preview')).toBeVisible();
	await field.getByRole('button', { name: 'Save this photo' }).click();
	await expect(field.getByText('Photo saved.')).toBeVisible();

	// Resized and re-encoded in the browser before it went.
	const stored = storedPhoto(houseId);
	expect(stored).toMatchObject({ width: 1600, height: 1067 });
	expect(['image/webp', 'image/jpeg']).toContain(stored?.content_type);

	// The banner on the house's page, and the thumbnail in the network, show the photo itself.
	const banner = officer.getByRole('img', { name: 'Maison de la Gare' }).first();
	await expect(banner).toBeVisible();
	await expect.poll(() => banner.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
	await expect(field.getByRole('button', { name: 'Replace the photo' })).toBeVisible();
	// On a phone, the banner and the field fit the screen's width: no sideways scrolling.
	await officer.setViewportSize({ width: 360, height: 740 });
	expect(await horizontalOverflow(officer)).toBeLessThanOrEqual(0);
	await officer.setViewportSize({ width: 1280, height: 800 });
	await officer.goto(operatorPath);
	const thumbnail = officer
		.getByTestId('network-table')
		.getByRole('img', { name: 'Maison de la Gare' });
	await expect
		.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth))
		.toBe(1600);

	// The company working in the house sees it on its houses page, on a phone too.
	await owner.setViewportSize({ width: 360, height: 740 });
	await owner.goto(companyHouses);
	const card = owner.getByRole('article', { name: 'Maison de la Gare' });
	const photo = card.getByRole('img', { name: 'Maison de la Gare' });
	await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
	expect(await horizontalOverflow(owner)).toBeLessThanOrEqual(0);

	// Removed: gone from the house's page and from the company's card.
	await officer.goto(`${operatorPath}/houses/${houseId}`);
	await field.getByRole('button', { name: 'Remove the photo' }).click();
	await expect(field.getByText('Photo removed.')).toBeVisible();
	await expect(field.getByText('No photo yet')).toBeVisible();
	expect(storedPhoto(houseId)).toBeUndefined();
	await owner.reload();
	await expect(card.getByRole('heading', { name: 'Maison de la Gare' })).toBeVisible();
	await expect(card.getByRole('img')).toHaveCount(0);
});

test('without JavaScript, a camera-sized photo is refused beside the field, and the form still works', async ({
	openProfile
}, testInfo) => {
	const officer = await openProfile({ javaScriptEnabled: false });
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Martine Mairie', officerEmail);
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, {
		operator: 'Commune de Murat',
		house: 'Maison du Bailliage',
		commune: 'Murat',
		address: '2 place du Balat',
		seats: 8
	});
	// 900 KB: past what the server reads of a form (512 KB). With JavaScript the browser would
	// have resized it; without, it goes as it is.
	const camera = testInfo.outputPath('appareil.jpg');
	writeFileSync(camera, flatJpeg(4000, 3000, 900 * 1024));
	const page = `${operatorPath}/houses/${houseId}`;
	await officer.goto(page);
	const field = officer.getByRole('region', { name: 'Photo', exact: true });
	await field.getByLabel('Photo of the house').setInputFiles(camera);
	await field.getByRole('button', { name: 'Save this photo' }).click();
	// The answer is the page again, with the reason next to the field (not a bare error page).
	await expect(field.getByText('This photo is too large: 400 KB at most.')).toBeVisible();
	await expect(officer).toHaveURL(new RegExp(`${page}\\?/photo$`));
	expect(storedPhoto(houseId)).toBeUndefined();

	// A photo that fits goes through the same form.
	const small = testInfo.outputPath('petite.jpg');
	writeFileSync(small, flatJpeg(1200, 800));
	await field.getByLabel('Photo of the house').setInputFiles(small);
	await field.getByRole('button', { name: 'Save this photo' }).click();
	await expect(field.getByText('Photo saved.')).toBeVisible();
	expect(storedPhoto(houseId)).toMatchObject({ width: 1200, height: 800 });
});

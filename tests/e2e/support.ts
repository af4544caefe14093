import { expect, test, type Locator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import * as devalue from 'devalue';
import { join } from 'node:path';
import { e2eDataDir } from './data-dir.mjs';

let counter = 0;

/** An email no other test (or earlier run on the same server) uses. */
export function uniqueEmail(prefix: string): string {
	counter += 1;
	return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}@example.org`;
}

export const PASSWORD = 'a quiet walk by the river';

/**
 * Picks `zone` in a form's time zone picker, which offers a few likely zones: when `zone` is not
 * among them, asks for every zone first (with the page's scripts they come in place).
 */
export async function pickTimeZone(scope: Page | Locator, zone: string, label = 'Time zone') {
	const select = scope.getByLabel(label, { exact: true });
	if ((await select.locator(`option[value="${zone}"]`).count()) === 0) {
		await scope.getByRole('button', { name: 'Show every time zone' }).click();
		await expect(select.locator(`optgroup option[value="${zone}"]`)).toBeAttached();
	}
	await select.selectOption(zone);
}

/** Fills and sends the sign-up form; resolves once the server has answered. */
export async function trySignUp(page: Page, name: string, email: string, password = PASSWORD) {
	await page.goto('/signup');
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	const answered = page.waitForResponse(
		(response) => response.request().method() === 'POST' && response.url().includes('/signup')
	);
	await page.getByRole('button', { name: 'Create account' }).click();
	await answered;
}

/** Signs up and waits until the app has moved on to the company list. */
export async function signUp(page: Page, name: string, email: string, password = PASSWORD) {
	await trySignUp(page, name, email, password);
	// The app navigates by itself after the answer; a test acting sooner would race it.
	await expect(page.getByRole('heading', { name: 'Your companies' })).toBeVisible();
}

/** Signs up on the French page (the profile's locale French), as a French speaker does. */
export async function signUpInFrench(page: Page, name: string, email: string) {
	await page.goto('/signup');
	await page.getByLabel('Votre nom').fill(name);
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Mot de passe').fill('une longue phrase secrète');
	await page.getByRole('button', { name: 'Créer le compte' }).click();
	await expect(page.getByRole('heading', { name: 'Vos entreprises' })).toBeVisible();
}

/** Logs in as `email` on another device (`page`), then signs out every other session there. */
export async function signOutEverywhereElse(page: Page, email: string, password = PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
	await page.goto('/profile');
	await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
}

export async function createCompany(page: Page, name: string) {
	await page.goto('/companies');
	await page.getByLabel('Company name').fill(name);
	await page.getByRole('button', { name: 'Create company' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** SvelteKit's answer to a form posted the way its scripts post one (`use:enhance`). */
type ActionResult =
	| { type: 'redirect'; status: number; location: string }
	| { type: 'success' | 'failure'; status: number; data: string }
	| { type: 'error'; error: unknown };

/**
 * The profile's languages and time zone, asked of its browser once per page: both are fixed by
 * the profile, and each question is a round trip to the browser.
 */
const settingsOf = new WeakMap<Page, Promise<{ languages: string; timeZone: string }>>();
function browserSettings(page: Page): Promise<{ languages: string; timeZone: string }> {
	let settings = settingsOf.get(page);
	if (!settings) {
		settings = page.evaluate(() => ({
			languages: navigator.languages.join(','),
			timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone
		}));
		settingsOf.set(page, settings);
		// Asked during a navigation, the question may fail: the next one asks again.
		settings.catch(() => settingsOf.delete(page));
	}
	return settings;
}

/**
 * Posts `fields` to a page's form action as the profile's own browser would post it (its cookies,
 * its language, its time zone) and returns the server's answer, without opening the page.
 *
 * For what a test is not about: signing up, creating the company and inviting colleagues through
 * their pages took a few seconds of every test's browser work (each page loaded and hydrated in a
 * new profile), a quarter of the two-at-a-time tests' time. The forms' pages are still tested through the pages:
 * `signUp`, `createCompany`, `createInvitationLink` and `joinThroughLink` below, in the tests of
 * signing up, inviting and joining.
 */
export async function postForm(
	page: Page,
	path: string,
	fields: Record<string, string>
): Promise<ActionResult> {
	const origin = test.info().project.use.baseURL;
	if (!origin) throw new Error("postForm needs the project's baseURL");
	// What the profile's pages would send: its languages (the account's language at sign-up).
	const { languages } = await browserSettings(page);
	const response = await page.request.post(path, {
		form: fields,
		headers: {
			origin: new URL(origin).origin,
			accept: 'application/json',
			'accept-language': languages,
			'x-sveltekit-action': 'true'
		},
		maxRedirects: 0
	});
	if (!response.headers()['content-type']?.includes('application/json')) {
		throw new Error(`POST ${path}: ${response.status()} ${await response.text()}`);
	}
	return (await response.json()) as ActionResult;
}

/** The place a posted form sent its browser to; anything else fails the test with the answer. */
function redirectedTo(result: ActionResult, what: string): string {
	if (result.type !== 'redirect') throw new Error(`${what}: ${JSON.stringify(result)}`);
	return result.location;
}

/** What a posted form answered when it stayed on its page; anything else fails the test. */
function answerOf<T>(result: ActionResult, what: string): T {
	if (result.type !== 'success') throw new Error(`${what}: ${JSON.stringify(result)}`);
	return devalue.parse(result.data) as T;
}

/** The time zone the profile's pages would put in a form (BrowserTimeZone.svelte does). */
async function browserTimeZone(page: Page): Promise<string> {
	return (await browserSettings(page)).timeZone;
}

/** Signs the profile up through the sign-up form's action (see `postForm`); the page stays put. */
export async function postSignUp(page: Page, name: string, email: string, password = PASSWORD) {
	const timeZone = await browserTimeZone(page);
	redirectedTo(await postForm(page, '/signup', { name, email, password, timeZone }), 'sign-up');
}

/** Creates a company through the company list's form (see `postForm`); returns its slug. */
export async function postCompany(page: Page, name: string): Promise<string> {
	const location = redirectedTo(await postForm(page, '/companies?/create', { name }), 'company');
	return location.slice(1);
}

/**
 * A member invitation link, for one person (the page's default) unless `uses` is 'multi',
 * made through the invitations page's form (see `postForm`).
 */
export async function postInvitationLink(
	page: Page,
	slug: string,
	uses: 'single' | 'multi' = 'single'
): Promise<string> {
	const fields = { role: 'member', email: '', uses };
	const result = await postForm(page, `/${slug}/invitations?/create`, fields);
	return answerOf<{ link: string }>(result, 'invitation').link;
}

/** Signs up through an invitation link's form (see `postForm`); returns the company's slug. */
export async function postJoin(page: Page, link: string, name: string): Promise<string> {
	const token = new URL(link).pathname.split('/').pop();
	const timeZone = await browserTimeZone(page);
	const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
	const fields = { name, email, password: 'the bells of the village church', timeZone };
	const location = redirectedTo(await postForm(page, `/invite/${token}?/signup`, fields), 'join');
	return location.slice(1);
}

/** What a house is made with (the house form's fields); the form's defaults for the rest. */
export type HouseFields = {
	name: string;
	commune: string;
	seats: string;
	/** Euros a month, as typed. */
	monthlyCost: string;
	timeZone?: string;
};

/** Creates a house through the houses page's form (see `postForm`); returns its id. */
export async function postHouse(page: Page, slug: string, house: HouseFields): Promise<string> {
	const fields = { ...house, address: '', timeZone: house.timeZone ?? 'Europe/Paris' };
	const result = await postForm(page, `/${slug}/houses?/create`, fields);
	return answerOf<{ house: { id: string } }>(result, 'house').house.id;
}

/** Makes `houseId` the profile's home house through the houses page's form (see `postForm`). */
export async function postHomeHouse(page: Page, slug: string, houseId: string) {
	answerOf(await postForm(page, `/${slug}/houses?/setHome`, { houseId }), 'home house');
}

/** Opens the browser-test server's database, for data the UI cannot make (past dates). */
export function openE2eDatabase(): Database.Database {
	return new Database(join(e2eDataDir(), 'hameau.db'));
}

/** Creates a member invitation link (for one person: the page's default) and returns it. */
export async function createInvitationLink(page: Page, slug: string): Promise<string> {
	await page.goto(`/${slug}/invitations`);
	await page.getByLabel('Role').selectOption('member');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	return page.getByLabel('Invitation link').inputValue();
}

/** Signs up through an invitation link and waits until the company's page shows. */
export async function joinThroughLink(page: Page, link: string, name: string, company: string) {
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel('Email').fill(uniqueEmail(name.toLowerCase().replace(/\W+/g, '-')));
	await page.getByLabel('Password').fill('the bells of the village church');
	await page.getByRole('button', { name: 'Create account and join' }).click();
	// The invitation page's own heading names the company too: wait until the app has left it.
	await expect(page).not.toHaveURL(/\/invite\//);
	await expect(page.getByRole('heading', { level: 1, name: company, exact: true })).toBeVisible();
}

/**
 * `owner` signs up and creates `company`; `colleague` joins it through an invitation link.
 * Returns the company's slug.
 */
export async function companyWithColleague(
	owner: Page,
	colleague: Page,
	names: { owner: string; colleague: string; company: string }
): Promise<string> {
	await postSignUp(owner, names.owner, uniqueEmail(names.owner.toLowerCase().replace(/\W+/g, '-')));
	const slug = await postCompany(owner, names.company);
	await postJoin(colleague, await postInvitationLink(owner, slug), names.colleague);
	return slug;
}

/** Creates a document from the documents page and waits until it is open. */
export async function createDocumentNamed(page: Page, slug: string, title: string) {
	await page.goto(`/${slug}/documents`);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByRole('button', { name: 'Create document' }).click();
	await expect(page).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
}

/** The profile's "Delete my account", whether the dialog or the server's own page asks. */
export async function deleteMyAccount(page: Page, password: string) {
	await page.goto('/profile');
	await page.waitForLoadState('networkidle');
	const section = page.getByTestId('delete-account');
	await section.getByLabel('Your password', { exact: true }).fill(password);
	await section.getByRole('button', { name: 'Delete my account' }).click();
	const dialog = page.getByRole('alertdialog');
	const inPage = page.getByTestId('inline-confirm');
	await expect(dialog.or(inPage)).toBeVisible();
	if (await dialog.isVisible()) {
		await dialog.getByRole('button', { name: 'Delete my account' }).click();
	} else {
		await inPage.getByLabel('Your password, once more').fill(password);
		await inPage.getByRole('button', { name: 'Delete my account' }).click();
	}
	await expect(page).toHaveURL(/\/login\?account=deleted$/);
}

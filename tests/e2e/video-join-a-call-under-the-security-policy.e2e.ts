// A call works under the Content-Security-Policy and the Permissions-Policy: the camera is
// allowed for the site, the media server's socket is in connect-src, and nothing is refused.
import { expect, test } from './fixtures';
import { expectNoncePolicy, expectNoPolicyViolations, watchedOwner } from './policy-support';
import { expectVideoPlays, joinRoom } from './video-support';

test('someone joins a video room and sees themself, with no policy violation', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const { consoleSeen, page, slug } = await watchedOwner(
		openProfile,
		'Céleste Garnier',
		'Salle des Politiques'
	);

	const rooms = await page.goto(`/${slug}/rooms`);
	expectNoncePolicy(rooms);
	expect(rooms?.headers()['permissions-policy']).toContain('camera=(self)');
	await joinRoom(page, slug, 'All hands');
	await expectVideoPlays(page, 'Céleste Garnier (you)');

	await expectNoPolicyViolations([page], consoleSeen);
});

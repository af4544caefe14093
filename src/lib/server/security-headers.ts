// Response headers that tell the browser what a page may do. The Content-Security-Policy itself is
// written by SvelteKit (kit.csp in svelte.config.js, with a nonce per page); what depends on the
// running server — the LiveKit address, whether the site is served over https — is added here.

/** Camera, microphone and screen sharing for the calls, on this site only; nothing else. */
export const PERMISSIONS_POLICY = [
	'camera=(self)',
	'microphone=(self)',
	'display-capture=(self)',
	'fullscreen=(self)',
	'geolocation=()',
	'payment=()',
	'usb=()',
	'serial=()',
	'hid=()'
].join(', ');

/** One year; browsers then refuse plain http for this host. Only sent when ORIGIN is https. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/**
 * Where the page's scripts may connect besides 'self': the page's own origin as ws(s):// (older
 * browsers do not count it as 'self') for the collaboration socket and the embedded media server,
 * and an external LiveKit server in both forms its client uses (the socket and the https
 * validation request after a failed join).
 */
export function connectSources(pageUrl: URL, liveKitUrl: string | undefined): string[] {
	const socketScheme = pageUrl.protocol === 'https:' ? 'wss:' : 'ws:';
	const sources = [`${socketScheme}//${pageUrl.host}`];
	if (liveKitUrl) {
		const liveKit = new URL(liveKitUrl);
		const secure = liveKit.protocol === 'wss:' || liveKit.protocol === 'https:';
		sources.push(
			`${secure ? 'wss' : 'ws'}://${liveKit.host}`,
			`${secure ? 'https' : 'http'}://${liveKit.host}`
		);
	}
	return sources;
}

/** The policy with `sources` added to its connect-src directive (the policy unchanged without one). */
export function withConnectSources(policy: string, sources: string[]): string {
	return policy
		.split(';')
		.map((directive) => {
			const trimmed = directive.trim();
			return trimmed === 'connect-src' || trimmed.startsWith('connect-src ')
				? `${trimmed} ${sources.join(' ')}`
				: trimmed;
		})
		.join('; ');
}

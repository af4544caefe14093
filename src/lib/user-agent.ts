// Just enough of a user-agent reader for people to recognise their own devices in a list (their
// sessions on the profile, the devices that receive push notifications); it never decides
// anything, so a wrong guess only makes a label less precise. No imports: the collaboration
// server reads it too (through push.ts). The label in words is device-label.ts.

export type Device = { browser: string | null; os: string | null };

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", and so on.
const browsers: ReadonlyArray<[RegExp, string]> = [
	[/\bEdg(?:e|A|iOS)?\//, 'Edge'],
	[/\b(?:OPR|Opera)\//, 'Opera'],
	[/\bSamsungBrowser\//, 'Samsung Internet'],
	[/\bVivaldi\//, 'Vivaldi'],
	[/\b(?:Firefox|FxiOS)\//, 'Firefox'],
	[/\b(?:HeadlessChrome|Chrome|CriOS|Chromium)\//, 'Chrome'],
	[/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
	[/\bcurl\//, 'curl']
];

const systems: ReadonlyArray<[RegExp, string]> = [
	[/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
	[/\bAndroid\b/, 'Android'],
	[/\bCrOS\b/, 'ChromeOS'],
	[/\bWindows\b/, 'Windows'],
	[/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
	[/\bLinux\b|\bX11\b/, 'Linux']
];

export function describeUserAgent(userAgent: string): Device {
	const find = (rules: ReadonlyArray<[RegExp, string]>) =>
		rules.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
	return { browser: find(browsers), os: find(systems) };
}

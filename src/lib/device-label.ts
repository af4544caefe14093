import { m } from '$lib/paraglide/messages';
import type { Device } from './user-agent';

/** "Chrome on Android", or what is known of it ("Firefox", "Unknown device"). */
export function deviceLabel(device: Device): string {
	if (device.browser && device.os) {
		return m.profile_device({ browser: device.browser, os: device.os });
	}
	return device.browser ?? device.os ?? m.profile_device_unknown();
}

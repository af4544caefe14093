import type { Bandwidth, JoinChoices } from '$lib/call/choices';

const KEY = 'hameau.call.choices';

/** The person's last pre-join choices on this device. */
export function loadChoices(): JoinChoices {
	const fallback: JoinChoices = {
		micOn: true,
		camOn: true,
		bandwidth: 'normal',
		roomDevice: false
	};
	try {
		const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<JoinChoices> | null;
		if (!saved || typeof saved !== 'object') return fallback;
		const bandwidths: Bandwidth[] = ['normal', 'low', 'audio'];
		const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
		return {
			micOn: typeof saved.micOn === 'boolean' ? saved.micOn : fallback.micOn,
			camOn: typeof saved.camOn === 'boolean' ? saved.camOn : fallback.camOn,
			audioInput: text(saved.audioInput),
			videoInput: text(saved.videoInput),
			audioOutput: text(saved.audioOutput),
			bandwidth: bandwidths.find((b) => b === saved.bandwidth) ?? 'normal',
			roomDevice: saved.roomDevice === true
		};
	} catch {
		// Storage blocked or corrupted: start from the defaults.
		return fallback;
	}
}

export function saveChoices(choices: JoinChoices): void {
	try {
		localStorage.setItem(KEY, JSON.stringify(choices));
	} catch {
		// Private browsing may refuse storage: the choices just are not remembered.
	}
}

// The media process's memory of who lost access (sent by the app, see
// src/lib/server/video/media-admission.ts): a token for one of those rooms, of that identity,
// minted (`nbf`) at or before the revocation is refused at the door. A later token (the person
// was invited back) passes.
import type { AdmissionRevocation } from '../../src/lib/server/video/media-admission';

/**
 * How long a revocation is remembered. The app mints tokens for ten minutes; a day leaves room
 * for clocks and for tokens minted by other tools, and bounds the memory.
 */
export const REVOCATION_MEMORY_MS = 24 * 3600_000;
/** At most this many are remembered (the oldest go first): a bound, never reached in practice. */
const MAX_REVOCATIONS = 10_000;

export function isAdmissionRevocation(value: unknown): value is AdmissionRevocation {
	if (typeof value !== 'object' || value === null) return false;
	const candidate = value as Record<string, unknown>;
	return (
		typeof candidate.roomPrefix === 'string' &&
		candidate.roomPrefix !== '' &&
		typeof candidate.identity === 'string' &&
		typeof candidate.at === 'number' &&
		Number.isFinite(candidate.at)
	);
}

export class AdmissionRevocations {
	/** Oldest first. */
	private entries: AdmissionRevocation[] = [];

	constructor(private readonly now: () => number = Date.now) {}

	add(revocation: AdmissionRevocation): void {
		this.forgetOld();
		this.entries.push(revocation);
		if (this.entries.length > MAX_REVOCATIONS) this.entries.shift();
	}

	/**
	 * Whether a token of `identity` for `room`, minted at `notBefore` (seconds; null when the token
	 * does not say, hence possibly before), is refused.
	 */
	refuses(room: string, identity: string, notBefore: number | null): boolean {
		this.forgetOld();
		return this.entries.some(
			(entry) =>
				entry.identity === identity &&
				room.startsWith(entry.roomPrefix) &&
				(notBefore === null || notBefore * 1000 <= entry.at)
		);
	}

	/** What is remembered now (the supervisor replays it to a restarted media process). */
	list(): AdmissionRevocation[] {
		this.forgetOld();
		return [...this.entries];
	}

	private forgetOld(): void {
		const oldest = this.now() - REVOCATION_MEMORY_MS;
		while (this.entries.length > 0 && this.entries[0].at < oldest) this.entries.shift();
	}
}

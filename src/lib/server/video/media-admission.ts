// Who may no longer enter a call through the embedded media server's door. The media server is a
// process of its own that knows nothing of memberships: the app tells it (through its supervisor,
// over IPC) which identity lost access to which company's rooms, and when, so a token minted
// before that moment is refused at admission instead of joining and being removed a moment later
// by the participant_joined webhook. With an external LiveKit nothing is registered here and the
// webhook is the only check. The supervisor lives in server/, the video module in the SvelteKit
// build: two copies of this module, hence the global slot.

/** An identity refused in the rooms whose names start with `roomPrefix`, for tokens minted up to `at`. */
export type AdmissionRevocation = {
	roomPrefix: string;
	identity: string;
	/** Milliseconds since the epoch: tokens minted (`nbf`) at or before this are refused. */
	at: number;
};

const KEY = Symbol.for('hameau.media.admission');
const slot = globalThis as typeof globalThis & {
	[KEY]?: (revocation: AdmissionRevocation) => void;
};

/** Called by the media supervisor; the returned function unregisters it. */
export function registerMediaAdmission(
	revoke: (revocation: AdmissionRevocation) => void
): () => void {
	slot[KEY] = revoke;
	return () => {
		if (slot[KEY] === revoke) slot[KEY] = undefined;
	};
}

/** Tells the embedded media server, when there is one, to refuse these tokens from now on. */
export function revokeMediaAdmission(revocation: AdmissionRevocation): void {
	slot[KEY]?.(revocation);
}

// Who may no longer enter a call through the embedded media server's door. The media server is a
// process of its own that knows nothing of memberships: the app tells it (through its supervisor,
// over IPC) which identity lost access to which company's rooms, and when, so a token minted
// before that moment is refused at admission instead of joining and being removed a moment later
// by the participant_joined webhook. With an external LiveKit nothing is registered here and the
// webhook is the only check. The supervisor lives in server/, the video module in the SvelteKit
// build: two copies of this module, hence the process singleton.
import { processSingleton } from '../process-singleton.ts';

/** An identity refused in the rooms whose names start with `roomPrefix`, for tokens minted up to `at`. */
export type AdmissionRevocation = {
	roomPrefix: string;
	identity: string;
	/** Milliseconds since the epoch: tokens minted (`nbf`) at or before this are refused. */
	at: number;
};

type Revoke = (revocation: AdmissionRevocation) => void;
const registered = () =>
	processSingleton<{ revoke?: Revoke }>('hameau.media.admission', () => ({}));

/** Called by the media supervisor; the returned function unregisters it. */
export function registerMediaAdmission(revoke: Revoke): () => void {
	registered().revoke = revoke;
	return () => {
		if (registered().revoke === revoke) registered().revoke = undefined;
	};
}

/** Tells the embedded media server, when there is one, to refuse these tokens from now on. */
export function revokeMediaAdmission(revocation: AdmissionRevocation): void {
	registered().revoke?.(revocation);
}

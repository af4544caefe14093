// What the app process (supervisor.ts) and the media process (main.ts) say to each other over
// the IPC channel, and the file they both know. Kept apart so neither side imports the other: the
// media process must not load the supervisor's app-side modules, nor the supervisor the entry.
import type { AdmissionRevocation } from '../../src/lib/server/video/media-admission.ts';

/** File in the data directory holding the media process's pid while it runs. */
export const MEDIA_PID_FILE = 'media.pid';

/** Messages from the media process to its supervisor: it listens on that loopback port. */
export type MediaProcessMessage = { type: 'ready'; port: number };

/** Messages from the supervisor to the media process: identities to refuse at the door. */
export type SupervisorMessage = { type: 'revoke-admission'; revocations: AdmissionRevocation[] };

// "Access ended" as a domain event. The session and membership modules only announce that
// someone's access ended; the parts of the process that hold open connections (live-event
// streams, collaboration sockets, calls, the embedded media server) subscribe and close theirs
// at once. The modules that end access thereby never import the realtime servers.
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';

export type AccessEnded =
	/** These sessions were ended: log-out, password change, "sign out everywhere else". */
	| { kind: 'sessions'; userId: string; sessionIds: ReadonlySet<string> }
	/** The person is no longer a member of the company: removed by an owner, or left. */
	| { kind: 'membership'; companyId: string; userId: string }
	/** The person no longer works for the operator (removed by an admin, or left). */
	| { kind: 'operator-membership'; operatorId: string; userId: string }
	/** The company no longer works at the house: its agreement ended (everyone of the company). */
	| { kind: 'house'; companyId: string; houseId: string };

/** Called synchronously; a listener with slow work (a call to the media server) starts it. */
export type AccessEndedListener = (event: AccessEnded) => void;

function listeners(): Set<AccessEndedListener> {
	return processSingleton('hameau.access-ended', () => new Set<AccessEndedListener>());
}

/** Subscribes `listener` to every access that ends; the returned function unsubscribes it. */
export function onAccessEnded(listener: AccessEndedListener): () => void {
	listeners().add(listener);
	return () => listeners().delete(listener);
}

/**
 * Tells every listener. Called after the change is stored, so a listener that checks again
 * (is this person still a member?) sees it. One failing listener does not keep the others from
 * closing their connections, nor undo the change.
 */
export function announceAccessEnded(event: AccessEnded): void {
	for (const listener of [...listeners()]) {
		try {
			listener(event);
		} catch (error) {
			logger().error(
				{ err: error, kind: event.kind },
				'closing connections of ended access failed'
			);
		}
	}
}

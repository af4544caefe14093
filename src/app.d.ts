import type { SessionUser } from '$lib/server/auth/session';
import type { Session } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
			/** The page's code or data could not be fetched (hooks.client.ts): the link, not a bug. */
			loadFailed?: boolean;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			requestId: string;
		}
	}
}

export {};

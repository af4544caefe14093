// A session can end without anyone announcing it: it expires (30 days after its last use). Log-outs
// and removals close the collaboration sockets at once (tests/trust/revocation.test.ts); an expired
// session's sockets close at the next recheck, as the live-events stream's do at its next ping.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../server/collab';
import { SESSION_RECHECK_MS } from '../../server/collab/collab-server';
import { getDb } from '../../src/lib/server/db';
import { sessions } from '../../src/lib/server/db/schema';
import {
	closeCode,
	companyWithDocument,
	ManualClock,
	openSocket,
	signedIn,
	useCollabDatabase,
	useCollabServers
} from './support';
import { addMember } from '../helpers/factories';

useCollabDatabase();

const start = useCollabServers();

describe('an expired session', () => {
	it('closes its collaboration sockets at the next recheck, and only its own', async () => {
		const clock = new ManualClock();
		const harness = await start({ clock });
		const { owner, company, document } = await companyWithDocument();
		const colleague = await signedIn('Colleague');
		addMember(company, owner.user, colleague.user, 'member');
		const ownerSocket = await openSocket(harness, document.id, owner);
		const colleagueSocket = await openSocket(harness, document.id, colleague);

		// The owner's session runs out (nobody used it for 30 days): nothing announces it.
		getDb()
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(sessions.userId, owner.user.id))
			.run();
		expect(await closeCode(ownerSocket, 200)).toBe(0);

		const closed = closeCode(ownerSocket);
		clock.advance(SESSION_RECHECK_MS);
		expect(await closed).toBe(CloseCode.sessionEnded);
		expect(await closeCode(colleagueSocket, 200)).toBe(0);
	});
});

// Cost of validating a session per request, beside the same SQL as a raw prepared statement.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ITERATIONS = 50_000;

function perCall(fn: () => void): number {
	for (let i = 0; i < 2_000; i++) fn(); // warm-up
	const start = performance.now();
	for (let i = 0; i < ITERATIONS; i++) fn();
	return ((performance.now() - start) * 1000) / ITERATIONS;
}

export async function benchSessionValidation(): Promise<void> {
	process.env.DATABASE_URL = join(mkdtempSync(join(tmpdir(), 'hameau-bench-')), 'bench.db');
	const { getDb, closeDb } = await import('../src/lib/server/db');
	const { createUser } = await import('../src/lib/server/auth/user');
	const session = await import('../src/lib/server/auth/session');
	const { hashToken } = await import('../src/lib/server/ids');

	const user = await createUser({ email: 'b@bench.example', name: 'B', password: 'x'.repeat(12) });
	const token = session.generateSessionToken();
	session.createSession(token, user.id);
	const id = hashToken(token);
	const raw = getDb().$client.prepare(
		`select s.id, s.user_id, s.expires_at, s.last_seen_at, u.id, u.email, u.name, u.locale
		 from sessions s inner join users u on s.user_id = u.id where s.id = ?`
	);

	const validate = perCall(() => {
		if (!session.validateSessionToken(token).session) throw new Error('session lost');
	});
	const rawQuery = perCall(() => raw.get(id));
	const hashing = perCall(() => hashToken(token));
	closeDb();

	console.log(`\nSession validation — ${ITERATIONS} calls each, µs per call`);
	console.table([
		{ what: 'validateSessionToken (hash + Drizzle query)', 'µs/call': validate.toFixed(2) },
		{ what: 'raw prepared statement, same SQL', 'µs/call': rawQuery.toFixed(2) },
		{ what: 'SHA-256 of the token alone', 'µs/call': hashing.toFixed(2) }
	]);
}

import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The browser-test server's data directory; the same formula in the server and in the tests. */
export function e2eDataDir() {
	return join(tmpdir(), `hameau-e2e-${process.env.E2E_PORT ?? 4317}`);
}

// npm run reset-password -- <email>: prints a one-time link that sets a new password for the
// account, for the operator to hand over (when the app sends no email, or the person cannot
// reach it). The link points at ORIGIN, else http://localhost:PORT, and works once, for 30 minutes.
import { createPasswordReset, resetPath } from '../src/lib/server/auth/password-reset';
import { getUserByEmail } from '../src/lib/server/auth/user';
import { config, ConfigError } from '../src/lib/server/config';
import { closeDb, getDb } from '../src/lib/server/db';

function main(args: string[]): number {
	const email = args[0]?.trim();
	if (!email || args.length !== 1) {
		console.error('Usage: npm run reset-password -- <email>');
		return 2;
	}
	let cfg;
	try {
		cfg = config();
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		console.error(error.message);
		return 1;
	}
	try {
		const user = getUserByEmail(email);
		if (!user) {
			console.error(`No account uses ${email} in ${cfg.databasePath}.`);
			return 1;
		}
		const token = createPasswordReset(getDb(), user.id, null);
		const origin = cfg.origin ?? `http://localhost:${cfg.port}`;
		console.log(`${origin}${resetPath(token)}`);
		console.error(
			`A new password for ${user.name} <${user.email}>: this link works once, within 30 minutes.`
		);
		return 0;
	} finally {
		closeDb();
	}
}

process.exitCode = main(process.argv.slice(2));

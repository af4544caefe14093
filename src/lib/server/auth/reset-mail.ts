// "Forgot your password?" by email. The answer to the person asking is the same whether the
// email has an account or not, and the email leaves after the answer, so its time tells nothing.
import { m } from '$lib/paraglide/messages';
import { config } from '../config';
import { getDb } from '../db';
import type { Locale } from '../db/schema';
import { logger } from '../logger';
import { sendMail } from '../mail/mailer';
import { mayMailReset } from './attempts';
import { createPasswordReset, resetPath } from './password-reset';
import { getUserByEmail } from './user';

/**
 * Emails a reset link to the account with this email, if there is one, in the account's language
 * (else `fallbackLocale`, the asker's). Returns at once; a failed send is logged.
 */
export function mailResetLink(email: string, fallbackLocale: Locale): void {
	const origin = config().origin;
	if (!mayMailReset(email) || !origin) return;
	const user = getUserByEmail(email);
	if (!user) return;
	const token = createPasswordReset(getDb(), user.id, null);
	const locale = user.locale ?? fallbackLocale;
	sendMail({
		to: user.email,
		subject: m.trust_auth_reset_mail_subject({}, { locale }),
		text: m.trust_auth_reset_mail_body(
			{ name: user.name, link: `${origin}${resetPath(token)}` },
			{ locale }
		)
	}).catch((error: unknown) => {
		logger().error({ err: error, userId: user.id }, 'password reset email not sent');
	});
}

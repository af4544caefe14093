// Outgoing email through the SMTP server of SMTP_URL: password reset links and the notification
// digests (notifications/email.ts).
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config';

let transport: Transporter | undefined;

/** true when SMTP_URL is set, so the app can send email. */
export function mailConfigured(): boolean {
	return config().mail !== undefined;
}

export type MailMessage = {
	to: string;
	subject: string;
	text: string;
	/** An HTML alternative to `text`, for mail programs that show it. */
	html?: string;
	headers?: Record<string, string>;
};

/** Sends an email from MAIL_FROM; rejects when the SMTP server refuses it. */
export async function sendMail(message: MailMessage) {
	const mail = config().mail;
	if (!mail) throw new Error('sendMail needs SMTP_URL to be set');
	transport ??= nodemailer.createTransport(mail.smtpUrl);
	await transport.sendMail({ from: mail.from, ...message });
}

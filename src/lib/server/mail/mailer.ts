// Outgoing email through the SMTP server of SMTP_URL. Only password reset links are sent today.
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config';

let transport: Transporter | undefined;

/** true when SMTP_URL is set, so the app can send email. */
export function mailConfigured(): boolean {
	return config().mail !== undefined;
}

/** Sends a plain-text email from MAIL_FROM; rejects when the SMTP server refuses it. */
export async function sendMail(message: { to: string; subject: string; text: string }) {
	const mail = config().mail;
	if (!mail) throw new Error('sendMail needs SMTP_URL to be set');
	transport ??= nodemailer.createTransport(mail.smtpUrl);
	await transport.sendMail({ from: mail.from, ...message });
}

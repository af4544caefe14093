// An SMTP server inside the test process that keeps every message it is given: the app's email
// goes through real SMTP on loopback, never out to the network.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = {
	/** Envelope recipients (RCPT TO). */
	to: string[];
	/** Header name (lower-cased) → value, unfolded. */
	headers: Map<string, string>;
	/** The body (of a multipart message: its text/plain part), decoded as UTF-8 text. */
	text: string;
	/** The text/html part of a multipart message, decoded; undefined without one. */
	html?: string;
};

export type SmtpSink = {
	/** smtp://127.0.0.1:<port>, for SMTP_URL. */
	url: string;
	mails: ReceivedMail[];
	/** While true, every message is refused with a temporary failure (451), as a sick server. */
	refusing: boolean;
	/** Resolves once `count` mails arrived in all; fails after `timeoutMs`. */
	waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedMail[]>;
	close: () => Promise<void>;
};

export async function startSmtpSink(): Promise<SmtpSink> {
	const mails: ReceivedMail[] = [];
	const state = { refusing: false };
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				if (state.refusing) {
					callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
					return;
				}
				const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
				mails.push({ to, ...parseMessage(Buffer.concat(chunks).toString('latin1')) });
				callback();
			});
		}
	});
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		mails,
		get refusing() {
			return state.refusing;
		},
		set refusing(value: boolean) {
			state.refusing = value;
		},
		async waitFor(count, timeoutMs = 5_000) {
			const deadline = Date.now() + timeoutMs;
			while (mails.length < count) {
				if (Date.now() > deadline) {
					throw new Error(`${mails.length} mails arrived, ${count} expected`);
				}
				await new Promise((tick) => setTimeout(tick, 25));
			}
			return mails;
		},
		close: () => new Promise((closed) => server.close(() => closed()))
	};
}

// Enough of RFC 5322, 2045 and 2046 for what nodemailer sends: one text part, or text and HTML
// alternatives.
function parseMessage(raw: string): Omit<ReceivedMail, 'to'> {
	const { headers, body } = parsePart(raw);
	const boundary = /^multipart\/[^;]+;.*boundary="?([^";]+)"?/i.exec(
		headers.get('content-type') ?? ''
	)?.[1];
	if (!boundary) return { headers, text: decode(headers, body) };
	const parts = body
		.split(`--${boundary}`)
		.slice(1, -1)
		.map((part) => parsePart(part.replace(/^\r\n/, '')));
	const find = (type: string) => {
		const part = parts.find((p) => p.headers.get('content-type')?.startsWith(type));
		return part && decode(part.headers, part.body.replace(/\r\n$/, ''));
	};
	return { headers, text: find('text/plain') ?? '', html: find('text/html') };
}

function parsePart(raw: string): { headers: Map<string, string>; body: string } {
	const split = raw.indexOf('\r\n\r\n');
	const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
	const headers = new Map<string, string>();
	for (const line of head.split('\r\n')) {
		const colon = line.indexOf(':');
		headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	return { headers, body: raw.slice(split + 4) };
}

function decode(headers: Map<string, string>, body: string): string {
	const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
	const bytes =
		encoding === 'quoted-printable'
			? Buffer.from(
					body
						.replace(/=\r\n/g, '')
						.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
					'latin1'
				)
			: encoding === 'base64'
				? Buffer.from(body, 'base64')
				: Buffer.from(body, 'latin1');
	return bytes.toString('utf8');
}

// A check-in link drawn as a QR code (SVG, on the server), for a company's house or a house's door.
import QRCode from 'qrcode';

/** The printable QR code of a check-in link. */
export function checkInQrSvg(link: string): Promise<string> {
	return QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

// The server's messages are framed here and written straight to the TCP socket, so that one that
// goes to every connection of a document (an update, an awareness change) is framed once and the
// same bytes are written to each socket. `ws` would build a header and pass both parts through
// each socket's cork/writev per recipient, which with 200 people in a document is most of the
// fan-out's CPU after the system calls themselves.

/** First byte of a final, unfragmented binary frame (FIN bit + opcode 2), RFC 6455 §5.2. */
const FIN_BINARY = 0x82;

/**
 * An unmasked (server-to-client) binary WebSocket frame with room for a payload of `length`
 * bytes, which the caller writes from `offset` on.
 */
export function emptyFrame(length: number): { frame: Buffer; offset: number } {
	const offset = length < 126 ? 2 : length < 65_536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(offset + length);
	frame[0] = FIN_BINARY;
	if (length < 126) {
		frame[1] = length;
	} else if (length < 65_536) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		// Messages are capped far below 2^53 bytes (maxMessageBytes), so a safe integer suffices.
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	return { frame, offset };
}

/** One unmasked (server-to-client) binary WebSocket frame carrying `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
	const { frame, offset } = emptyFrame(payload.byteLength);
	frame.set(payload, offset);
	return frame;
}

// Answering a remote offer with a werift peer connection, so that what goes back is an answer
// every WebRTC stack takes (browsers and libwebrtc, which LiveKit's native SDKs are built on).
//
// Two werift habits are worked around here, from the outside:
// - For each section it does not know, werift's setRemoteDescription creates a transceiver
//   through its own addTransceiver, which "recycles" the first transceiver whose negotiated
//   direction is inactive — of any kind, even one whose mid the same offer still carries. The
//   native SDKs offer six receive-only sections first (answered inactive), then add the
//   microphone and camera as new sections: werift replaced the mid-7 transceiver with the new
//   one and createAnswer failed ("Transceiver with mid=7 not found"). werift never recycles a
//   transceiver once used for sending (`usedForSender`); that flag is raised, for the time of
//   the call only, on every transceiver whose mid is still in the offer. One whose mid the offer
//   no longer carries may still be recycled, which is what recycling is for.
// - It answers an inactive section with port 0 yet keeps it bundled: `shapeAnswer` (sdp.ts).
// - It answers as the DTLS client (`a=setup:active`), and its client resends a lost flight as the
//   very same bytes. A browser (BoringSSL) drops a record whose sequence number it has seen as a
//   replay, so when the browser's last flight (ChangeCipherSpec, Finished) was lost, werift's
//   resent Finished never made it send that flight again: the browser counted the connection up
//   and sent its media, werift stayed "connecting" for good, and nothing reached or left that
//   person — the village link's lost call (issue 22; 5% loss in bursts loses that one datagram
//   often enough). So the server answers as the DTLS server (`a=setup:passive`, which RFC 5763
//   allows the answerer): the browser then drives the handshake, resending its flights with new
//   sequence numbers as DTLS requires, and werift answers each resent flight with its own. werift
//   already takes that role whenever it offers (the subscriber connection on /rtc). It costs one
//   round trip more at connection time (werift's server asks for a cookie first).
import type { RTCPeerConnection } from 'werift';
import { sectionsOf, shapeAnswer } from './sdp';

/**
 * Applies `offer` to `pc` and returns the answer to send (already set as local description);
 * `beforeAnswer` runs once the offer is applied, before the answer is written.
 */
export async function answerOffer(
	pc: RTCPeerConnection,
	offer: string,
	beforeAnswer?: () => void
): Promise<string> {
	const offeredMids = new Set(sectionsOf(offer).map((section) => section.mid));
	const kept = pc
		.getTransceivers()
		.filter(
			(transceiver) =>
				transceiver.mid != null && offeredMids.has(transceiver.mid) && !transceiver.usedForSender
		);
	for (const transceiver of kept) transceiver.usedForSender = true;
	try {
		await pc.setRemoteDescription({ type: 'offer', sdp: offer });
	} finally {
		for (const transceiver of kept) transceiver.usedForSender = false;
	}
	takeDtlsServerRole(pc);
	beforeAnswer?.();
	await pc.setLocalDescription(await pc.createAnswer());
	// The local description werift keeps is left as it wrote it: it reads those ports again only
	// to build an offer, and a connection that answers never offers.
	return shapeAnswer(offer, pc.localDescription?.sdp ?? '');
}

/** The DTLS server role on transports whose role is not settled yet (see the top of this file). */
function takeDtlsServerRole(pc: RTCPeerConnection): void {
	for (const transport of pc.dtlsTransports) {
		if (transport.role === 'auto') transport.role = 'server';
	}
}

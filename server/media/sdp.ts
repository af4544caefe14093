// Reading the media sections of an SDP, and shaping the answers werift writes so that every
// WebRTC stack takes them, libwebrtc (LiveKit's native SDKs) as much as browsers.
//
// werift answers any section it has nothing to do on ("inactive") with port 0, which in SDP
// means "rejected" (RFC 8866 §5.14, RFC 8829 §5.3.1), yet keeps it in the BUNDLE group.
// libwebrtc refuses such an answer when the section is the group's first (its tag: "The m=
// section with mid='…' should be rejected", RFC 8843 §7.3.3), which is where the native SDKs
// put their receive-only sections. LiveKit (pion) answers those inactive with port 9 and keeps
// them bundled; so does this module.

/** What this server needs to know of one m= section. */
export interface SdpSection {
	kind: string;
	port: string;
	mid?: string;
	/** The msid's track id (the sender's MediaStreamTrack id). */
	trackId?: string;
	direction?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
}

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)$/;

/** An SDP as lines: the session part, then each m= section (its m= line first). */
export interface SdpParts {
	eol: string;
	session: string[];
	sections: string[][];
}

/** The session part and the m= sections of an SDP, each as its own lines. */
export function splitSdp(sdp: string): SdpParts {
	const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
	const lines = sdp.split(/\r?\n/);
	// A trailing line break leaves an empty last element, written back by join().
	const session: string[] = [];
	const sections: string[][] = [];
	for (const line of lines) {
		if (line.startsWith('m=')) sections.push([line]);
		else if (sections.length > 0) sections[sections.length - 1].push(line);
		else session.push(line);
	}
	return { eol, session, sections };
}

/** The SDP `splitSdp` read, with whatever was changed in its lines. */
export function joinSdp(parts: SdpParts): string {
	return [...parts.session, ...parts.sections.flat()].join(parts.eol);
}

function readSection(lines: string[]): SdpSection {
	const [kind = '', port = ''] = lines[0].slice(2).split(' ');
	const section: SdpSection = { kind, port };
	for (const raw of lines.slice(1)) {
		const line = raw.trim();
		if (line.startsWith('a=mid:')) section.mid = line.slice(6);
		else if (line.startsWith('a=msid:')) section.trackId = line.slice(7).split(' ')[1];
		else if (DIRECTION.test(line)) section.direction = line.slice(2) as SdpSection['direction'];
	}
	return section;
}

/** kind, port, mid, msid track id and direction of each m= section, in order. */
export function sectionsOf(sdp: string): SdpSection[] {
	return splitSdp(sdp).sections.map(readSection);
}

/**
 * The answer to send for `offer`, from the one werift wrote. A section the offer rejected
 * (port 0) stays rejected and leaves the BUNDLE group, as RFC 8843 §7.3 asks; every other
 * section is accepted — port 9 even when inactive — and stays in the group, in the offer's
 * order. Sections are matched by position, which JSEP guarantees (RFC 8829 §5.3.1).
 */
export function shapeAnswer(offer: string, answer: string): string {
	const offered = sectionsOf(offer);
	const parts = splitSdp(answer);
	const bundled: string[] = [];
	parts.sections.forEach((lines, index) => {
		const section = readSection(lines);
		const rejected = offered[index]?.port === '0';
		const port = rejected ? '0' : section.port === '0' ? '9' : section.port;
		const words = lines[0].split(' ');
		words[1] = port;
		lines[0] = words.join(' ');
		if (!rejected && section.mid !== undefined) bundled.push(section.mid);
	});
	const group = parts.session.findIndex((line) => line.startsWith('a=group:BUNDLE'));
	if (group !== -1) {
		if (bundled.length > 0) parts.session[group] = `a=group:BUNDLE ${bundled.join(' ')}`;
		else parts.session.splice(group, 1);
	}
	return joinSdp(parts);
}

// A house's declared internet link in words, for the pages that show a house.
import { m } from '$lib/paraglide/messages';
import { formatNumber } from '$lib/format';

/** "Upload 512 kbit/s · download 2 000 kbit/s", or "Not declared". */
export function linkSummary(house: {
	uplinkKbps: number | null;
	downlinkKbps: number | null;
}): string {
	const parts: string[] = [];
	if (house.uplinkKbps !== null) {
		parts.push(m.link_summary_uplink({ kbps: formatNumber(house.uplinkKbps) }));
	}
	if (house.downlinkKbps !== null) {
		parts.push(m.link_summary_downlink({ kbps: formatNumber(house.downlinkKbps) }));
	}
	return parts.length > 0 ? parts.join(' · ') : m.link_summary_none();
}

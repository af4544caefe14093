// A published track as the subscriber side sees it, for tests of the subscriber connection.
import { TrackInfo, TrackType } from '@livekit/protocol';
import type { MediaStreamTrack, RTCRtpReceiver } from 'werift';
import type { PublishedTrack } from '../../server/media/publisher';
import { ForwardedTrack } from '../../server/media/sfu/forwarder';

/** A published track whose media arrived (one layer that never sends anything). */
export function publishedTrack(sid: string, kind: 'audio' | 'video'): PublishedTrack {
	const forwarded = new ForwardedTrack(kind);
	const layer = {
		rid: undefined,
		ssrc: 1,
		onReceiveRtp: { subscribe: () => undefined },
		stop() {}
	};
	forwarded.addLayer(layer as unknown as MediaStreamTrack, {} as RTCRtpReceiver);
	const type = kind === 'audio' ? TrackType.AUDIO : TrackType.VIDEO;
	return { info: new TrackInfo({ sid, type }), cid: sid, forwarded, red: false };
}

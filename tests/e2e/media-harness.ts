// A bare video-call page for the media server's browser tests: the unmodified livekit-client UMD
// bundle, a few buttons, one <video>/<audio> per remote track. It is served by the test itself
// on a loopback port (a secure context, so cameras work), not by the app: the video-rooms UI is
// another part of Hameau; these tests are about the media server.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { AccessToken, type VideoGrant } from 'livekit-server-sdk';
import { e2eDataDir } from './data-dir.mjs';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Media harness</title>
<script src="/livekit-client.umd.js"></script>
<style>video{width:160px;height:120px;background:#000} li{font:14px sans-serif}</style>
</head>
<body>
<p id="state">idle</p>
<p id="history"></p>
<button id="mute-mic">Mute microphone</button>
<button id="unmute-mic">Unmute microphone</button>
<button id="mute-cam">Mute camera</button>
<button id="share">Share screen</button>
<button id="stop-share">Stop sharing</button>
<button id="share-sound">Share sound</button>
<button id="leave">Leave</button>
<p id="speakers"></p>
<h2>People</h2><ul id="people"></ul>
<h2>Messages</h2><ul id="messages"></ul>
<div id="media"></div>
<script>
const { Room, RoomEvent, Track } = LivekitClient;
let room;
const el = (id) => document.getElementById(id);
function renderPeople() {
  const list = el('people');
  list.innerHTML = '';
  for (const p of room.remoteParticipants.values()) {
    const li = document.createElement('li');
    li.dataset.identity = p.identity;
    const mic = p.getTrackPublication(Track.Source.Microphone);
    const cam = p.getTrackPublication(Track.Source.Camera);
    li.textContent = p.identity + (mic && mic.isMuted ? ' (microphone muted)' : '') +
      (cam && cam.isMuted ? ' (camera muted)' : '') + (p.isSpeaking ? ' (speaking)' : '') +
      ' (quality ' + p.connectionQuality + ')';
    list.appendChild(li);
  }
}
window.joinRoom = async (url, token, publish = true, adaptiveStream = false, dynacast = false) => {
  window.joinStartedAt = performance.now();
  room = new Room({ adaptiveStream, dynacast });
  window.room = room;
  room
    .on(RoomEvent.TrackSubscribed, (track, pub, participant) => {
      const media = track.attach();
      media.dataset.identity = participant.identity;
      media.dataset.sid = participant.sid;
      media.dataset.track = pub.trackSid;
      media.dataset.source = pub.source;
      media.muted = track.kind === 'audio' ? false : true;
      el('media').appendChild(media);
      if (track.kind === 'video' && window.firstFrameAfterMs === undefined) {
        media.requestVideoFrameCallback(() => {
          window.firstFrameAfterMs ??= performance.now() - window.joinStartedAt;
        });
      }
    })
    .on(RoomEvent.TrackUnsubscribed, (track, pub) => {
      track.detach().forEach((m) => m.remove());
      document.querySelectorAll('[data-track="' + pub.trackSid + '"]').forEach((m) => m.remove());
    })
    .on(RoomEvent.ParticipantConnected, renderPeople)
    .on(RoomEvent.ParticipantDisconnected, (participant) => {
      document.querySelectorAll('[data-sid="' + participant.sid + '"]').forEach((m) => m.remove());
      renderPeople();
    })
    .on(RoomEvent.TrackMuted, renderPeople)
    .on(RoomEvent.TrackUnmuted, renderPeople)
    .on(RoomEvent.TrackPublished, renderPeople)
    .on(RoomEvent.ActiveSpeakersChanged, (speakers) => {
      for (const speaker of speakers) el('speakers').textContent += ' ' + speaker.identity;
      renderPeople();
    })
    .on(RoomEvent.ConnectionQualityChanged, renderPeople)
    .on(RoomEvent.ConnectionStateChanged, (s) => {
      el('state').textContent = s;
      el('history').textContent += ' ' + s;
    })
    .on(RoomEvent.DataReceived, (payload, participant) => {
      const li = document.createElement('li');
      li.textContent = (participant ? participant.identity : 'server') + ': ' + new TextDecoder().decode(payload);
      el('messages').appendChild(li);
    });
  await room.connect(url, token);
  renderPeople();
  // The page captures its own camera and microphone and hands the tracks to livekit-client, as
  // an app with its own device picker does. (livekit-client re-acquires tracks it captured
  // itself after a full reconnect, and Chromium's fake camera then delivers no frames.)
  if (!publish) return;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
  await room.localParticipant.publishTrack(stream.getAudioTracks()[0], { source: Track.Source.Microphone });
  await room.localParticipant.publishTrack(stream.getVideoTracks()[0], { source: Track.Source.Camera });
};
window.sendText = (text, to) =>
  room.localParticipant.publishData(new TextEncoder().encode(text), {
    reliable: true, destinationIdentities: to ? [to] : undefined });
el('mute-mic').onclick = () => room.localParticipant.setMicrophoneEnabled(false);
el('unmute-mic').onclick = () => room.localParticipant.setMicrophoneEnabled(true);
el('mute-cam').onclick = () => room.localParticipant.setCameraEnabled(false);
el('share').onclick = () => room.localParticipant.setScreenShareEnabled(true, { audio: false });
el('stop-share').onclick = () => room.localParticipant.setScreenShareEnabled(false);
// A shared tab's sound: Chromium cannot capture a fake screen's audio, so a tone stands for it.
el('share-sound').onclick = async () => {
  const context = new AudioContext();
  const tone = context.createOscillator();
  const sink = context.createMediaStreamDestination();
  tone.connect(sink);
  tone.start();
  await room.localParticipant.publishTrack(sink.stream.getAudioTracks()[0], {
    source: Track.Source.ScreenShareAudio });
};
// What a call UI offers per remote video: a quality choice and hiding it altogether.
window.setVideoQuality = (identity, quality) =>
  room.remoteParticipants.get(identity).getTrackPublication(Track.Source.Camera)
    .setVideoQuality(LivekitClient.VideoQuality[quality]);
window.setSubscribed = (identity, source, subscribed) =>
  room.remoteParticipants.get(identity).getTrackPublication(source).setSubscribed(subscribed);
el('leave').onclick = () => room.disconnect();
</script>
</body>
</html>`;

/** Serves the harness page and the livekit-client bundle on a loopback port. */
export async function startHarness(): Promise<{ url: string; close: () => Promise<void> }> {
	const bundle = readFileSync(
		join(process.cwd(), 'node_modules/livekit-client/dist/livekit-client.umd.js')
	);
	const server: Server = createServer((req, res) => {
		if (req.url === '/livekit-client.umd.js') {
			res.setHeader('Content-Type', 'text/javascript');
			res.end(bundle);
			return;
		}
		res.setHeader('Content-Type', 'text/html; charset=utf-8');
		res.end(PAGE);
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		close: () => new Promise((done) => server.close(() => done()))
	};
}

/** The key pair the browser-test server generated on start (docs/media.md, "The key pair"). */
function serverKeys(): { apiKey: string; apiSecret: string } {
	return JSON.parse(readFileSync(join(e2eDataDir(), 'livekit-keys.json'), 'utf8'));
}

/** A join token for `identity` in `room`, signed like the app signs them. */
export async function joinToken(
	identity: string,
	room: string,
	grant: Partial<VideoGrant> = {}
): Promise<string> {
	const { apiKey, apiSecret } = serverKeys();
	const token = new AccessToken(apiKey, apiSecret, { identity, name: identity, ttl: '10m' });
	token.addGrant({ roomJoin: true, room, ...grant });
	return token.toJwt();
}

/** The LiveKit URL browsers use: the app's own origin. */
export function livekitUrl(): string {
	return `ws://localhost:${process.env.E2E_PORT ?? 4317}`;
}

declare global {
	interface Window {
		joinRoom(
			url: string,
			token: string,
			publish?: boolean,
			adaptiveStream?: boolean,
			dynacast?: boolean
		): Promise<void>;
		/** Milliseconds from joinRoom to the first remote video frame shown. */
		firstFrameAfterMs?: number;
		room: import('livekit-client').Room;
		LivekitClient: typeof import('livekit-client');
		sendText(text: string, to?: string): Promise<void>;
		setVideoQuality(identity: string, quality: 'LOW' | 'MEDIUM' | 'HIGH'): void;
		setSubscribed(identity: string, source: string, subscribed: boolean): void;
	}
}

// The ceiling: a raw `ws` relay that forwards every message, byte for byte, to every other
// client of the same room (the URL path). No Yjs, no storage, no handshake.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { runServerProcess, serverArguments } from './child';

const { port } = serverArguments();

await runServerProcess(async () => {
	const rooms = new Map<string, Set<WebSocket>>();
	const http = createServer((_request, response) => response.writeHead(404).end());
	const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
	wss.on('connection', (socket, request) => {
		const name = (request.url ?? '/').split('?')[0];
		let room = rooms.get(name);
		if (!room) rooms.set(name, (room = new Set()));
		const members = room;
		members.add(socket);
		socket.on('message', (data: Buffer) => {
			for (const other of members) {
				if (other !== socket && other.readyState === WebSocket.OPEN) other.send(data);
			}
		});
		socket.on('close', () => {
			members.delete(socket);
			if (members.size === 0) rooms.delete(name);
		});
		socket.on('error', (error) => console.error('relay socket:', error.message));
	});
	await new Promise<void>((listening) => http.listen(port, '127.0.0.1', listening));
	return {
		port: (http.address() as AddressInfo).port,
		pathPrefix: '/',
		framing: 'relay',
		storageFiles: [],
		prepare: async () => ({}),
		async stop() {
			for (const socket of wss.clients) socket.terminate();
			await new Promise<void>((closed) => wss.close(() => http.close(() => closed())));
		}
	};
});

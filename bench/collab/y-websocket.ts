// The stock y-websocket 2.x server: its bundled `setupWSConnection` on a `ws` server, in memory
// (y-websocket 2 persists only to LevelDB, which is not installed, so it writes nothing).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { WebSocketServer, type WebSocket } from 'ws';
import { runServerProcess, serverArguments } from './child';

type SetupWSConnection = (
	connection: WebSocket,
	request: IncomingMessage,
	options?: { docName?: string; gc?: boolean }
) => void;

// The package ships its server as CommonJS without type declarations.
const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket-server-v2/bin/utils') as {
	setupWSConnection: SetupWSConnection;
};

const { port } = serverArguments();

await runServerProcess(async () => {
	const http = createServer((_request, response) => response.writeHead(404).end());
	const wss = new WebSocketServer({ noServer: true });
	wss.on('connection', (socket: WebSocket, request: IncomingMessage) =>
		setupWSConnection(socket, request)
	);
	http.on('upgrade', (request, socket, head) =>
		wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
	);
	await new Promise<void>((listening) => http.listen(port, '127.0.0.1', listening));
	return {
		port: (http.address() as AddressInfo).port,
		pathPrefix: '/',
		framing: 'y-websocket',
		storageFiles: [],
		prepare: async () => ({}),
		async stop() {
			for (const socket of wss.clients) socket.terminate();
			await new Promise<void>((closed) => wss.close(() => http.close(() => closed())));
		}
	};
});

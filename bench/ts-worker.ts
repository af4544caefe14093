// A worker thread running a TypeScript entry. Node 20 does not carry the parent's tsx loader into
// worker threads: the thread registers it itself before importing the entry.
import { Worker } from 'node:worker_threads';

export function tsWorker(entry: URL, workerData: unknown): Worker {
	const tsx = import.meta.resolve('tsx/esm/api');
	const bootstrap =
		`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); ` +
		`return import(${JSON.stringify(entry.href)}); });`;
	return new Worker(bootstrap, { eval: true, workerData });
}

// Reads a V8 .cpuprofile (node --cpu-prof, or BENCH_CPU_PROF with the pages bench) and prints
// where the time went: self time summed per function and per file, largest first.
// `node --import tsx bench/cpu-profile.ts <file.cpuprofile> [rows]`
import { readFileSync } from 'node:fs';

type Frame = { functionName: string; url: string; lineNumber: number };
type Node = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
	console.error('usage: bench/cpu-profile.ts <file.cpuprofile> [rows]');
	process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => {
	selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);

const shortUrl = (url: string) =>
	url.replace(/^file:\/\/.*?\/(node_modules|build|src)\//, '$1/').replace(/^node:/, 'node:') ||
	'(native)';
const perFunction = new Map<string, number>();
const perFile = new Map<string, number>();
for (const [id, us] of selfUs) {
	const frame = byId.get(id)!.callFrame;
	const where = shortUrl(frame.url);
	const name = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
	perFunction.set(name, (perFunction.get(name) ?? 0) + us);
	perFile.set(where, (perFile.get(where) ?? 0) + us);
}
// Time including callees, per function (a function that calls itself is counted once).
const inclusive = new Map<string, number>();
const parentOf = new Map<number, number>();
for (const node of profile.nodes)
	for (const child of node.children ?? []) parentOf.set(child, node.id);
const subtree = new Map<number, number>();
const sum = (id: number): number => {
	const known = subtree.get(id);
	if (known !== undefined) return known;
	const node = byId.get(id)!;
	const us =
		(selfUs.get(id) ?? 0) + (node.children ?? []).reduce((all, child) => all + sum(child), 0);
	subtree.set(id, us);
	return us;
};
const nameOf = (id: number) => {
	const frame = byId.get(id)!.callFrame;
	return `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
};
for (const node of profile.nodes) {
	const name = nameOf(node.id);
	let up = parentOf.get(node.id);
	let nested = false;
	while (up !== undefined && !nested) {
		nested = nameOf(up) === name;
		up = parentOf.get(up);
	}
	if (!nested) inclusive.set(name, (inclusive.get(name) ?? 0) + sum(node.id));
}

const table = (map: Map<string, number>) =>
	[...map]
		.sort((a, b) => b[1] - a[1])
		.slice(0, rows)
		.map(([what, us]) => ({
			what,
			ms: Math.round(us / 1000),
			share: `${((us / total) * 100).toFixed(1)}%`
		}));
console.log(`${file}: ${Math.round(total / 1000)} ms sampled`);
console.log('\nself time per function');
console.table(table(perFunction));
console.log('\ntime including callees, per function');
console.table(table(inclusive));
console.log('\nself time per file');
console.table(table(perFile));

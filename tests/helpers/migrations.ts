// Old database files for migration tests: the migrations folder as it stood at an earlier tag.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A copy, under `dir`, of the migrations folder up to (and including) `tag`. */
export function migrationsUpTo(dir: string, tag: string): string {
	const folder = join(dir, `upto-${tag}`);
	const source = resolve('drizzle');
	const journal = JSON.parse(readFileSync(join(source, 'meta/_journal.json'), 'utf8'));
	const end = journal.entries.findIndex((entry: { tag: string }) => entry.tag === tag);
	if (end < 0) throw new Error(`no migration tagged ${tag}`);
	journal.entries = journal.entries.slice(0, end + 1);
	mkdirSync(join(folder, 'meta'), { recursive: true });
	writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
	for (const entry of journal.entries) {
		cpSync(join(source, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
	}
	return folder;
}

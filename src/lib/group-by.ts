/**
 * Rows grouped by a key, each group in the rows' order (Node 20 has no Map.groupBy): the rows a
 * query read for several people at once, handed back person by person.
 */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		const group = groups.get(key(row));
		if (group) group.push(row);
		else groups.set(key(row), [row]);
	}
	return groups;
}

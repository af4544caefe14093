// The statement's CSV on its own: the reader's language decides the separator and the decimal
// mark, and no text cell can start a spreadsheet formula, whatever a company, person or reason is
// called.
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { statementCsv, type StatementForCsv } from '../../src/lib/server/billing/statement-text';

const statement: StatementForCsv = {
	houseName: 'Maison; de "Murat"',
	operatorName: 'Commune de Murat',
	companyName: '=HYPERLINK("http://evil.example")',
	month: '2026-11',
	lines: [
		{
			kind: 'cost_share',
			termsId: 't1',
			halfDays: 3,
			allHalfDays: 8,
			sharedCents: 100_000,
			amountCents: 37_500
		},
		{
			kind: 'adjustment',
			adjustmentId: 'a1',
			correctsMonth: '2026-10',
			reason: '-50 € : panne',
			amountCents: -5_000
		}
	],
	totalCents: 32_500,
	halfDays: 3,
	people: [
		{ name: '@Dana', halfDays: 2 },
		{ name: '+Eve', halfDays: 1 }
	]
};

function rows(csv: string, separator: string): string[][] {
	expect(csv.startsWith('\uFEFF')).toBe(true);
	expect(csv.endsWith('\r\n')).toBe(true);
	// No cell here holds a quoted separator except the house's name, checked apart.
	return csv
		.slice(1, -2)
		.split('\r\n')
		.map((line) => line.split(separator));
}

afterEach(() => overwriteGetLocale(() => 'en'));

describe('a statement as CSV', () => {
	it('in French: semicolons, decimal commas, French headings', () => {
		overwriteGetLocale(() => 'fr');
		const csv = statementCsv(statement);
		expect(csv).toContain(';"Maison; de ""Murat""";Commune de Murat;;\r\n');
		const lines = rows(csv.replace('"Maison; de ""Murat"""', 'maison'), ';');
		expect(lines[0]).toEqual(['rubrique', 'libellé', 'détail', 'jours_personne', 'montant_eur']);
		// Quoted (it holds quotes), and the leading = defused inside the quotes.
		expect(lines[2]).toEqual([
			'entreprise',
			`"'=HYPERLINK(""http://evil.example"")"`,
			'2026-11',
			'',
			''
		]);
		expect(lines[3].slice(3)).toEqual(['1,5', '375,00']);
		// The page's no-break hyphen (U+2011) is a plain one in a spreadsheet, which finds the word.
		expect(lines[3][2]).toContain(' jours-personnes = ');
		expect(lines[4].slice(2)).toEqual(["'-50 € : panne", '', '-50,00']);
		expect(lines[5]).toEqual(['total', 'Total', '', '1,5', '325,00']);
		expect(lines[6]).toEqual(['personne', "'@Dana", '', '1', '']);
		expect(lines[7]).toEqual(['personne', "'+Eve", '', '0,5', '']);
	});

	it('in English: commas and decimal points', () => {
		overwriteGetLocale(() => 'en');
		const csv = statementCsv(statement);
		expect(csv).toContain(',"Maison; de ""Murat""",Commune de Murat,,\r\n');
		expect(csv).toContain('\r\ntotal,Total,,1.5,325.00\r\n');
		expect(csv).toContain("\r\nline,Correction of October 2026,'-50 € : panne,,-50.00\r\n");
		expect(csv.split('\r\n')[0]).toBe('\uFEFFsection,label,detail,person_days,amount_eur');
	});
});

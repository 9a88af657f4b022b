import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  archiveDocuments,
  documentFileName,
  renderRankingSheet,
  safeFileName,
} from '../../src/documents/index.ts';
import { almatyCityRanking, EMPLOYEE, localeFor } from './fixtures.ts';
import { folded, readPdf } from './pdf-reader.ts';

describe('safeFileName', () => {
  it.each([
    ['Әбдіғалиева Г. Қ. — парақ.pdf', 'Әбдіғалиева Г. Қ. — парақ.pdf'],
    ['../../etc/passwd', 'etc passwd'],
    ['a/b\\c:d*e?f"g<h>i|j.pdf', 'a b c d e f g h i j.pdf'],
    ['  spaced\tout\n name . ', 'spaced out name'],
    ['CON.pdf', '_CON.pdf'],
    ['nul', '_nul'],
    ['', 'document'],
    ['...', 'document'],
    ['zero\u200bwidth\u0007bell.pdf', 'zerowidthbell.pdf'],
  ])('%j → %j', (name, expected) => {
    expect(safeFileName(name)).toBe(expected);
  });

  it('cuts long names to 120 characters and keeps the extension', () => {
    const name = safeFileName(`${'Жаңабергенов '.repeat(20)}.pdf`);
    expect(Array.from(name).length).toBeLessThanOrEqual(120);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(name.startsWith('Жаңабергенов Жаңабергенов')).toBe(true);
  });
});

describe('documentFileName', () => {
  it('names a sheet in the reader language, with the period in words', async () => {
    const parts = { personnelNumber: '00123', fullName: EMPLOYEE.fullName, period: '2026-Q3' };
    expect(documentFileName('rankingSheet', parts, await localeFor('kk'))).toBe(
      '00123 Әбдіғалиева Гүлнұр Қанатқызы — Саралау әдісі бойынша бағалау парағы, 2026 жылғы 3-тоқсан.pdf',
    );
    expect(documentFileName('rankingSheet', parts, await localeFor('ru'))).toBe(
      '00123 Әбдіғалиева Гүлнұр Қанатқызы — Оценочный лист по методу ранжирования, 3-й квартал 2026 года.pdf',
    );
    expect(documentFileName('commissionProtocol', { date: '2023-02-03' }, await localeFor('kk'))).toBe(
      'Комиссия отырысының хаттамасы, 03.02.2023.pdf',
    );
  });
});

describe('archiveDocuments', () => {
  it('bundles PDFs into a zip that opens with the expected UTF-8 names and the same bytes', async () => {
    const kk = await renderRankingSheet(almatyCityRanking(), await localeFor('kk'));
    const ru = await renderRankingSheet(almatyCityRanking(), await localeFor('ru'));
    const parts = archiveDocuments(
      [
        { folder: 'Қаржы бөлімі', name: 'Әбдіғалиева.pdf', data: kk },
        { folder: 'Қаржы бөлімі', name: 'әбдіғалиева.pdf', data: ru },
        { folder: '../Басқарма', name: 'a/b.pdf', data: kk },
      ],
      { modifiedAt: new Date(2026, 9, 12) },
    );
    expect(parts).toHaveLength(1);
    const files = unzipSync(parts[0]!.data);
    expect(Object.keys(files)).toEqual([
      'Қаржы бөлімі/Әбдіғалиева.pdf',
      'Қаржы бөлімі/әбдіғалиева (2).pdf',
      'Басқарма/a b.pdf',
    ]);
    expect(parts[0]!.names).toEqual(Object.keys(files));
    expect(Buffer.from(files['Қаржы бөлімі/әбдіғалиева (2).pdf']!).equals(ru)).toBe(true);
    expect(folded((await readPdf(files['Басқарма/a b.pdf']!)).text)).toContain(EMPLOYEE.fullName);
  });

  it('all sheets of a body of 1,500: one name per sheet, parts under the size limit, nothing lost', async () => {
    const locale = await localeFor('kk');
    const sheet = await renderRankingSheet(almatyCityRanking(), locale);
    const entries = Array.from({ length: 1500 }, (_, i) => ({
      folder: `Бөлім ${i % 12}`,
      name: documentFileName(
        'rankingSheet',
        { personnelNumber: String(i).padStart(5, '0'), fullName: 'Әбдіғалиева Гүлнұр', period: '2026-Q3' },
        locale,
      ),
      data: sheet,
    }));
    const maxBytes = 10 * 1024 * 1024;
    const parts = archiveDocuments(entries, { maxBytes });

    const payload = 1500 * sheet.byteLength;
    expect(parts.length).toBeGreaterThanOrEqual(Math.ceil(payload / maxBytes));
    expect(parts.length).toBeLessThanOrEqual(Math.ceil(payload / maxBytes) + 1);
    for (const part of parts) expect(part.data.byteLength).toBeLessThanOrEqual(maxBytes);
    const names = parts.flatMap((part) => Object.keys(unzipSync(part.data)));
    expect(names).toHaveLength(1500);
    expect(new Set(names).size).toBe(1500);
    expect(names).toEqual(parts.flatMap((part) => part.names));
    expect(names[0]).toBe(
      'Бөлім 0/00000 Әбдіғалиева Гүлнұр — Саралау әдісі бойынша бағалау парағы, 2026 жылғы 3-тоқсан.pdf',
    );
  });

  it('gives an entry bigger than the limit an archive of its own', () => {
    const big = new Uint8Array(3000);
    const small = new Uint8Array(10);
    const parts = archiveDocuments(
      [
        { name: 'a.pdf', data: small },
        { name: 'b.pdf', data: big },
        { name: 'c.pdf', data: small },
      ],
      { maxBytes: 1000 },
    );
    expect(parts.map((p) => p.names)).toEqual([['a.pdf'], ['b.pdf'], ['c.pdf']]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  renderChapter6Sheet,
  renderKpiSheet,
  renderRankingSheet,
  renderResult360,
} from '../../src/documents/index.ts';
import { renderRadarPng } from '../../src/evaluation/radar/index.ts';
import {
  almatyCity360,
  almatyCityKpi,
  almatyCityRanking,
  almatyRegionChapter6,
  EMPLOYEE,
  EVALUATOR,
  justiceRanking,
  LANGS,
  localeFor,
  REVIEWER,
} from './fixtures.ts';
import { folded, outOfPage, readPdf } from './pdf-reader.ts';

const KAZAKH_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

describe.each(LANGS)('evaluation sheets in %s', (lang) => {
  it('ranking sheet (Almaty city, Appendix 4): names, parameter titles, scores, average, band, signatures', async () => {
    const locale = await localeFor(lang);
    const input = almatyCityRanking();
    const pdf = await renderRankingSheet(input, locale);
    const parsed = await readPdf(pdf);
    const text = folded(parsed.text);

    expect(parsed.info.Title).toBe(input.form.title[lang]);
    expect(text).toContain(input.form.title[lang]);
    expect(text).toContain(EMPLOYEE.fullName);
    expect(text).toContain(EVALUATOR.fullName);
    for (const letter of KAZAKH_LETTERS) expect(parsed.text.toLowerCase()).toContain(letter);
    for (const parameter of input.parameters) {
      expect(text).toContain(parameter.title[lang]);
      expect(text).toContain(parameter.criteria![lang]);
      expect(text).toContain(parameter.justification!);
    }
    for (const score of ['4,00', '3,50', '4,25', '3,00', '3,69'])
      expect(parsed.items.map((i) => i.str)).toContain(score);
    expect(text).toContain(input.band!.label[lang]);
    expect(text).toContain(lang === 'kk' ? '2026 жылғы 3-тоқсан' : '3-й квартал 2026 года');
    expect(text).toContain(lang === 'kk' ? '4-қосымша' : 'Приложение 4');
    expect(text).toContain(locale.t('documents:sources.almatyCity'));
    // Evaluator and acquainted lines with their dates and the surname with initials.
    expect(text).toContain(locale.t('documents:signers.evaluator'));
    expect(text).toContain(locale.t('documents:signers.evaluatee'));
    expect(text).toContain('Жаңабергенов Ө. Һ.');
    expect(text).toContain('Әбдіғалиева Г. Қ.');
    expect(text).toContain('08.10.2026');
    expect(text).toContain('12.10.2026');
    expect(text).not.toContain(locale.t('documents:ranking.noSanction'));
    expect(outOfPage(parsed)).toEqual([]);
  });

  it('embeds its font (DejaVu Sans subset) and no standard font', async () => {
    const pdf = (await renderRankingSheet(almatyCityRanking(), await localeFor(lang))).toString('latin1');
    expect(pdf).toContain('/FontFile2');
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(pdf).not.toContain('Helvetica');
  });

  it('Justice sheet: appendix by form, the sanction cap note, the digital-signature line, without participation', async () => {
    const locale = await localeFor(lang);
    const input = justiceRanking();
    const text = folded((await readPdf(await renderRankingSheet(input, locale))).text);

    expect(text).toContain(input.form.title[lang]);
    expect(text).toContain(lang === 'kk' ? '2-қосымша' : 'Приложение 2');
    expect(text).toContain(
      locale.t('documents:ranking.sanction', {
        sanction: input.sanction!.label[lang],
        parameter: input.sanction!.parameterTitle[lang],
        max: '2,99',
      }),
    );
    expect(text).toContain('2,99');
    expect(text).toContain(locale.t('documents:common.electronicSignature'));
    expect(text).toContain('15.07.2026');
    // The Justice form has the evaluator's signature only: acquaintance is in the information system.
    expect(text).not.toContain(locale.t('documents:signers.evaluatee'));
    expect(text).toContain(
      locale.t('documents:common.withoutParticipationReason', { reason: 'жұмыстан босатылған' }),
    );
    expect(text).toContain(lang === 'kk' ? '2026 жылғы 2-тоқсан' : '2-й квартал 2026 года');
  });

  it('a sheet whose form asks the sanction and there was none says so', async () => {
    const locale = await localeFor(lang);
    const input = { ...justiceRanking(), sanction: null };
    const text = folded((await readPdf(await renderRankingSheet(input, locale))).text);
    expect(text).toContain(locale.t('documents:ranking.noSanction'));
  });

  it('KPI sheet (Almaty city, Appendix 2): values, the percent truncated to two decimals, scores, final', async () => {
    const locale = await localeFor(lang);
    const input = almatyCityKpi();
    const parsed = await readPdf(await renderKpiSheet(input, locale));
    const text = folded(parsed.text);
    const cells = parsed.items.map((i) => i.str);

    expect(text).toContain(locale.t('documents:kpiSheet.title'));
    expect(text).toContain(lang === 'kk' ? '2-қосымша' : 'Приложение 2');
    for (const kpi of input.kpis) expect(text).toContain(kpi.title);
    // 99.9955 % is in the 95-99.99 row: shown as 99,99 %, never rounded up to 100,00 %.
    expect(cells).toContain('99,99 %');
    expect(text).not.toContain('100,00 %');
    expect(cells).toContain('99,9955');
    expect(cells).toContain('12,5');
    expect(cells).toContain('110,00 %');
    for (const score of ['4,80', '4,10', '5,00', '4,63']) expect(cells).toContain(score);
    expect(text).toContain(locale.t('documents:kpi.lowerIsBetter'));
    expect(text).toContain(input.band!.label[lang]);
    expect(text).toContain(REVIEWER.fullName);
    expect(text).toContain('09.10.2026');
  });

  it('Chapter 6 sheet: fulfilled per KPI, the count, the band, the higher superior agreed, the year', async () => {
    const locale = await localeFor(lang);
    const input = almatyRegionChapter6();
    const parsed = await readPdf(await renderChapter6Sheet(input, locale));
    const text = folded(parsed.text);
    const cells = parsed.items.map((i) => i.str);

    expect(text).toContain(lang === 'kk' ? '10-қосымша' : 'Приложение 10');
    expect(text).toContain(locale.t('documents:sources.typical'));
    expect(text).toContain(lang === 'kk' ? '2022 жылдың қорытындысы' : 'по итогам 2022 года');
    for (const kpi of input.kpis) expect(text).toContain(kpi.title);
    expect(cells.filter((c) => c === locale.t('documents:chapter6Sheet.fulfilled'))).toHaveLength(4);
    expect(cells.filter((c) => c === locale.t('documents:chapter6Sheet.notFulfilled'))).toHaveLength(1);
    expect(cells).toContain('4 / 5');
    expect(text).toContain(input.band!.label[lang]);
    expect(text).toContain('24.01.2023');
    expect(text).toContain(locale.t('documents:signers.reviewer'));
    expect(text).toContain('Серікбаев А. Н.');
    expect(text).not.toContain(lang === 'kk' ? 'тоқсан' : 'квартал');
  });

  it('360 result (Almaty city, Appendix 8): per-competency averages, self-assessment apart, radar, overall, band', async () => {
    const locale = await localeFor(lang);
    const base = almatyCity360(null);
    const radar = await renderRadarPng({
      title: locale.t('documents:result360.chart'),
      axes: base.competencies.map((c) => c.title[lang]),
      series: [
        { name: locale.t('documents:result360.average'), values: base.competencies.map((c) => c.average) },
      ],
    });
    const input = almatyCity360(radar);
    const pdf = await renderResult360(input, locale);
    const parsed = await readPdf(pdf);
    const text = folded(parsed.text);
    const cells = parsed.items.map((i) => i.str);

    expect(text).toContain(locale.t('documents:result360.title.staff'));
    expect(text).toContain(lang === 'kk' ? '8-қосымша' : 'Приложение 8');
    expect(text).toContain(EMPLOYEE.fullName);
    expect(text).toContain(lang === 'kk' ? '2026 жылдың қорытындысы' : 'по итогам 2026 года');
    for (const competency of input.competencies) expect(text).toContain(competency.title[lang]);
    for (const average of ['4,33', '3,67', '4,00', '2,75', '3,50', '4,50', '3,25', '4,10'])
      expect(cells).toContain(average);
    expect(text).toContain(locale.t('documents:result360.self'));
    expect(cells.filter((c) => c === '5,00')).toHaveLength(7);
    expect(cells).toContain('3,76');
    expect(text).toContain(
      locale.t('documents:common.result', { result: `3,76 — ${input.band.label[lang]}` }),
    );
    expect(text).toContain(input.lowest![0]![lang]);
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
    expect(outOfPage(parsed)).toEqual([]);

    const withoutChart = await renderResult360(almatyCity360(null), locale);
    expect(withoutChart.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
    expect(folded((await readPdf(withoutChart)).text)).not.toContain(locale.t('documents:result360.chart'));
  });

  it('heads 360 result cites Appendix 7', async () => {
    const locale = await localeFor(lang);
    const input = { ...almatyCity360(null), audience: 'heads' as const };
    const text = folded((await readPdf(await renderResult360(input, locale))).text);
    expect(text).toContain(locale.t('documents:result360.title.heads'));
    expect(text).toContain(lang === 'kk' ? '7-қосымша' : 'Приложение 7');
  });

  it('a methodology with no form of its own gets no appendix note', async () => {
    const locale = await localeFor(lang);
    const input = { ...almatyCityRanking(), methodologyId: 'almaty-region-maslikhat-2023' };
    const text = folded((await readPdf(await renderRankingSheet(input, locale))).text);
    expect(text).not.toContain(lang === 'kk' ? 'қосымша' : 'Приложение');
    expect(text).toContain(locale.t('documents:signers.evaluatee'));
  });
});

describe('long content', () => {
  it('a long name wraps inside its column and long justifications break across pages, every word kept', async () => {
    const locale = await localeFor('kk');
    const longName = `${'Әбдіқадыров-Жаңабергенов '.repeat(6)}Гүлнұр Қанатқызы`;
    const justification = Array.from({ length: 120 }, (_, i) => `Сөз${i}`).join(' ');
    const input = almatyCityRanking();
    input.employee = { ...EMPLOYEE, fullName: longName };
    input.parameters = input.parameters.map((p) => ({
      ...p,
      justification: `${justification}\n${justification}`,
    }));
    const parsed = await readPdf(await renderRankingSheet(input, locale));

    expect(parsed.pages).toBeGreaterThan(1);
    expect(outOfPage(parsed)).toEqual([]);
    expect(folded(parsed.text)).toContain(folded(longName));
    for (let i = 0; i < 120; i++)
      expect(parsed.items.filter((item) => item.str.split(' ').includes(`Сөз${i}`)).length).toBe(8);
    // The table header repeats on every page the table continues on.
    const header = locale.t('documents:ranking.criteria');
    const tablePages = new Set(parsed.items.filter((i) => i.str.startsWith('Сөз')).map((i) => i.page));
    for (const page of tablePages) expect(parsed.pageTexts[page - 1]).toContain(header);
    // Page numbers on every page.
    parsed.pageTexts.forEach((text, i) => {
      expect(text).toContain(locale.t('documents:common.page', { page: i + 1, pages: parsed.pages }));
    });
  });
});

describe('text layer', () => {
  it('keeps every letter when documents in both languages are rendered one after another (shared fonts)', async () => {
    const kk = await localeFor('kk');
    const ru = await localeFor('ru');
    for (let round = 0; round < 2; round++) {
      // Kazakh text subsets composite Cyrillic glyphs (ы is built from ь in DejaVu Sans) before Russian uses them.
      await renderRankingSheet(almatyCityRanking(), kk);
      const text = folded((await readPdf(await renderRankingSheet(almatyCityRanking(), ru))).text);
      expect(text).toContain('Результат оценки');
      expect(text).toContain('Функциональные обязанности исполняет надлежащим образом');
      expect(text).toContain('Соблюдение трудовой дисциплины');
    }
  });
});

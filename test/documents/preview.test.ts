import { describe, expect, it } from 'vitest';
import {
  renderCalibrationProtocol,
  renderChapter6Sheet,
  renderCommissionProtocol,
  renderKpiSheet,
  renderRankingSheet,
  renderRefusalAct,
  renderResult360,
} from '../../src/documents/index.ts';
import { renderRadarPng } from '../../src/evaluation/radar/index.ts';
import {
  almatyCity360,
  almatyCityCalibration,
  almatyCityKpi,
  almatyCityRanking,
  almatyRegionChapter6,
  almatyRegionCommission,
  justiceRanking,
  kentauRefusal,
  LANGS,
  localeFor,
} from './fixtures.ts';
import { readPdf, renderPage } from './pdf-reader.ts';

// Renders the first page of every document to PNG (under the system temp directory, not the repository)
// so a person can look at the layout; the test checks the page has ink and the expected A4 size.
describe('document previews', () => {
  it('render every document page 1 to a PNG with text on it', async () => {
    for (const lang of LANGS) {
      const locale = await localeFor(lang);
      const radar = await renderRadarPng({
        title: locale.t('documents:result360.chart'),
        axes: almatyCity360(null).competencies.map((c) => c.title[lang]),
        series: [
          {
            name: locale.t('documents:result360.average'),
            values: almatyCity360(null).competencies.map((c) => c.average),
          },
        ],
      });
      const documents: [string, Buffer][] = [
        ['ranking-almaty', await renderRankingSheet(almatyCityRanking(), locale)],
        ['ranking-justice', await renderRankingSheet(justiceRanking(), locale)],
        ['kpi', await renderKpiSheet(almatyCityKpi(), locale)],
        ['chapter6', await renderChapter6Sheet(almatyRegionChapter6(), locale)],
        ['result360', await renderResult360(almatyCity360(radar), locale)],
        ['calibration', await renderCalibrationProtocol(almatyCityCalibration('corrected'), locale)],
        ['commission', await renderCommissionProtocol(almatyRegionCommission(), locale)],
        ['refusal', await renderRefusalAct(kentauRefusal(), locale)],
      ];
      for (const [name, pdf] of documents) {
        const parsed = await readPdf(pdf);
        for (let page = 1; page <= parsed.pages; page++) {
          const preview = await renderPage(pdf, page, `${name}-${lang}-p${page}`);
          expect(preview.width).toBe(Math.ceil(595.28 * 1.5));
          expect(preview.inkShare, preview.file).toBeGreaterThan(0.002);
        }
      }
    }
  });
});

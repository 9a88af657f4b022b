import { describe, expect, it } from 'vitest';
import {
  renderCalibrationProtocol,
  renderCommissionProtocol,
  renderRefusalAct,
} from '../../src/documents/index.ts';
import {
  almatyCityCalibration,
  almatyRegionCommission,
  EMPLOYEE,
  EVALUATOR,
  kentauRefusal,
  LANGS,
  localeFor,
  MEMBERS,
  methodology,
} from './fixtures.ts';
import { folded, outOfPage, readPdf } from './pdf-reader.ts';

describe.each(LANGS)('protocols and acts in %s', (lang) => {
  it('calibration protocol, score raised: members, each vote, the tally, the corrected score with band, dates', async () => {
    const locale = await localeFor(lang);
    const { t } = locale;
    const input = almatyCityCalibration('corrected');
    const parsed = await readPdf(await renderCalibrationProtocol(input, locale));
    const text = folded(parsed.text);

    expect(text).toContain(
      t('documents:common.numbered', { title: t('documents:calibration.title'), number: '7' }),
    );
    expect(text).toContain(EMPLOYEE.fullName);
    expect(text).toContain(EVALUATOR.fullName);
    expect(text).toContain(input.statement!);
    expect(text).toContain(input.arguments!.evaluator!);
    expect(text).toContain(input.arguments!.employee!);
    expect(text).toContain(lang === 'kk' ? '2026 жылғы 3-тоқсан' : '3-й квартал 2026 года');
    // One row per member, with the member's own vote and proposed score.
    const rows = parsed.pageTexts.join('\n');
    for (const member of input.members) {
      const row = folded(rows.slice(rows.indexOf(member.person.fullName.split(' ')[0]!)));
      expect(row).toContain(member.person.fullName);
      expect(row.slice(0, 200)).toContain(t(`documents:calibration.votes.${member.vote}`));
      // Every member signs.
      expect(text.split(member.person.fullName).length - 1).toBe(2);
    }
    expect(text).toContain(t('documents:calibration.tally', { keep: 1, up: 2, down: 0 }));
    expect(text).toContain(
      t('documents:calibration.decision', {
        decision: t('documents:calibration.corrected', {
          from: '3,69',
          score: '4,10',
          band: input.decision.band.label[lang],
        }),
      }),
    );
    for (const date of ['23.10.2026', '14.10.2026', '16.10.2026', '28.10.2026']) expect(text).toContain(date);
    expect(outOfPage(parsed)).toEqual([]);
  });

  it('calibration protocol, score kept', async () => {
    const locale = await localeFor(lang);
    const { t } = locale;
    const input = almatyCityCalibration('kept');
    const text = folded((await readPdf(await renderCalibrationProtocol(input, locale))).text);
    expect(text).toContain(t('documents:calibration.tally', { keep: 2, up: 0, down: 1 }));
    expect(text).toContain(
      t('documents:calibration.kept', { score: '3,69', band: input.decision.band.label[lang] }),
    );
    expect(text).toContain('3,20');
    expect(text).not.toContain('→');
  });

  it('Commission protocol (Appendix 11): members, chair, secretary, quorum, approve and revise with the result', async () => {
    const locale = await localeFor(lang);
    const { t } = locale;
    const input = almatyRegionCommission();
    const parsed = await readPdf(await renderCommissionProtocol(input, locale));
    const text = folded(parsed.text);

    expect(text).toContain(lang === 'kk' ? '11-қосымша' : 'Приложение 11');
    expect(text).toContain(t('documents:sources.typical'));
    expect(text).toContain(
      t('documents:common.numbered', { title: t('documents:commission.title'), number: '2' }),
    );
    expect(text).toContain(input.organisation[lang]);
    expect(text).toContain(lang === 'kk' ? '2022 жылдың қорытындысы' : 'по итогам 2022 года');
    expect(text).toContain('03.02.2023');
    expect(text).toContain(t('documents:commission.roles.chair'));
    expect(text).toContain(t('documents:commission.roles.secretary'));
    expect(text).toContain(MEMBERS[0]!.fullName);
    expect(text).toContain(t('documents:commission.attendanceCount', { present: 4, total: 5 }));
    expect(text).toContain(t('documents:commission.quorum'));
    expect(text).toContain(t('documents:commission.revised'));
    const conclusion = folded(parsed.text.slice(parsed.text.indexOf(t('documents:commission.conclusion'))));
    expect(conclusion).toContain(EMPLOYEE.fullName);
    expect(conclusion.split(t('documents:commission.decisions.approve')).length - 1).toBeGreaterThanOrEqual(
      2,
    );
    expect(conclusion).toContain(t('documents:commission.decisions.revise'));
    // The revised case shows the Commission's band and the chair's casting vote.
    expect(conclusion).toContain(input.cases[1]!.revised!.band.label[lang]);
    expect(conclusion).toContain(t('documents:commission.casting'));
    expect(text).toContain(
      t('documents:commission.approved', {
        person: 'Байедилов Талғат Нұрланұлы, мәслихат төрағасы',
        date: '06.02.2023',
      }),
    );
    // The absent member does not sign; those present do.
    const signatures = parsed.text.slice(
      parsed.text.lastIndexOf(t('documents:commission.approved').slice(0, 10)),
    );
    expect(signatures).not.toContain('Мүше1 Қайратов Ғалым');
    expect(signatures).toContain('Мүше2 Қайратов Ғалым');
  });

  it('Köksu cites its own Appendix 3 for the protocol', async () => {
    const locale = await localeFor(lang);
    const input = { ...almatyRegionCommission(), methodologyId: 'koksu-district-maslikhat-2023' };
    const text = folded((await readPdf(await renderCommissionProtocol(input, locale))).text);
    expect(text).toContain(lang === 'kk' ? '3-қосымша' : 'Приложение 3');
    expect(text).toContain(locale.t('documents:sources.koksu'));
  });

  it('refusal act (Kentau): the employee, the result, the dates, HR officer, two witnesses, the later channel', async () => {
    const locale = await localeFor(lang);
    const { t } = locale;
    const input = kentauRefusal();
    const parsed = await readPdf(await renderRefusalAct(input, locale));
    const text = folded(parsed.text);

    expect(text).toContain(t('documents:refusal.title'));
    expect(text).toContain(methodology('kentau-city-maslikhat-2018').organization[lang]);
    expect(text).toContain(EMPLOYEE.fullName);
    expect(text).toContain(`3,40 — ${input.result.band!.label[lang]}`);
    expect(text).toContain(lang === 'kk' ? '2022 жылдың қорытындысы' : 'по итогам 2022 года');
    for (const date of ['16.01.2023', '17.01.2023', '18.01.2023']) expect(text).toContain(date);
    expect(text).toContain(t('documents:refusal.channels.documentFlow'));
    for (const person of [input.hrOfficer, ...input.witnesses]) expect(text).toContain(person.fullName);
    expect(text.split(t('documents:refusal.witness')).length - 1).toBe(2);
    expect(text).toContain(t('documents:refusal.hrOfficer'));
    expect(outOfPage(parsed)).toEqual([]);
  });
});

describe('long protocols paginate', () => {
  it('a Commission protocol for a body of 1,500 with 41 members: every case, the header on every page, nothing off the page', async () => {
    const locale = await localeFor('ru');
    const { t } = locale;
    const input = almatyRegionCommission(1500, 40);
    const parsed = await readPdf(await renderCommissionProtocol(input, locale));

    expect(parsed.pages).toBeGreaterThan(40);
    expect(outOfPage(parsed)).toEqual([]);
    const cells = new Set(parsed.items.map((i) => i.str));
    for (const n of [1, 2, 750, 1499, 1500]) expect(cells.has(String(n)), `row ${n}`).toBe(true);
    for (const n of [2, 750, 1500]) expect(folded(parsed.text)).toContain(`Қызметші${n} Өтегенов Нұржан`);
    // Each page of the conclusion repeats the table's header.
    const first = parsed.pageTexts.findIndex((text) => text.includes(t('documents:commission.conclusion')));
    const last = parsed.pageTexts.findIndex((text) => text.includes('Қызметші1500'));
    for (let page = first; page <= last; page++)
      expect(folded(parsed.pageTexts[page]!), `page ${page + 1}`).toContain(
        t('documents:commission.decision'),
      );
    // 40 members present but one, and the secretary: all sign, pages numbered to the end.
    for (let i = 2; i < 40; i++) expect(folded(parsed.text)).toContain(`Мүше${i} Қайратов Ғалым`);
    expect(parsed.pageTexts.at(-1)).toContain(
      t('documents:common.page', { page: parsed.pages, pages: parsed.pages }),
    );
  });
});

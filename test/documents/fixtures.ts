import type {
  CalibrationProtocolInput,
  Chapter6SheetInput,
  CommissionProtocolInput,
  DocumentLocale,
  DocumentPerson,
  KpiSheetInput,
  Lang,
  RankingSheetInput,
  RefusalActInput,
  Result360Input,
} from '../../src/documents/index.ts';
import { createTranslator } from '../../src/i18n/index.ts';
import { getMethodology, type Methodology } from '../../src/methodology/index.ts';

export const LANGS: readonly Lang[] = ['kk', 'ru'];

let translator: Awaited<ReturnType<typeof createTranslator>> | null = null;

export async function localeFor(lang: Lang): Promise<DocumentLocale> {
  translator ??= await createTranslator('kk');
  return { lang, t: translator.forLanguage(lang) };
}

export function methodology(id: string): Methodology {
  const found = getMethodology(id);
  if (!found) throw new Error(`no methodology ${id}`);
  return found;
}

/** Every Kazakh-specific letter appears in these names: ә ғ қ ң ө ұ ү һ і. */
export const EMPLOYEE: DocumentPerson = {
  fullName: 'Әбдіғалиева Гүлнұр Қанатқызы',
  position: 'бас маман',
  unit: 'Қаржы бөлімі',
  personnelNumber: '00123',
};
export const EVALUATOR: DocumentPerson = {
  fullName: 'Жаңабергенов Өмірзақ Һадиұлы',
  position: 'бөлім басшысы',
  unit: 'Қаржы бөлімі',
};
export const REVIEWER: DocumentPerson = {
  fullName: 'Серікбаев Арман Нұрлан ұлы',
  position: 'басқарма басшысы',
};

const band = (m: Methodology, id: string) => {
  const found = m.bands.find((b) => b.id === id);
  if (!found) throw new Error(`no band ${id}`);
  return found;
};

export function almatyCityRanking(): RankingSheetInput {
  const m = methodology('almaty-city-akimat-2023');
  const form = m.methods.ranking!.forms[0]!;
  const scores = [4, 3.5, 4.25, 3];
  return {
    methodologyId: m.id,
    organisation: m.organization,
    period: '2026-Q3',
    employee: EMPLOYEE,
    evaluator: EVALUATOR,
    participation: 'full',
    evaluatedOn: '2026-10-08',
    acquaintedOn: '2026-10-12',
    form: {
      id: form.id,
      title: form.title,
      scale: form.scale,
      justificationLabel: form.justificationLabel ?? null,
    },
    parameters: form.parameters.map((p, i) => ({
      title: p.title,
      criteria: p.criteria,
      score: scores[i] ?? null,
      justification: `Негіздеме ${i + 1}: тапсырмалар уақытылы орындалды, ескертулер жоқ.`,
    })),
    average: 3.69,
    band: band(m, 'proper'),
  };
}

/** Justice, non-leadership form, a reprimand in the quarter: the sanction cap note applies. */
export function justiceRanking(): RankingSheetInput {
  const m = methodology('justice-2026');
  const form = m.methods.ranking!.forms.find((f) => f.id === 'non-leadership')!;
  const capped = form.parameters.find((p) => p.sanctionCaps)!;
  const cap = capped.sanctionCaps!.find((c) => c.sanction === 'reprimand')!;
  const scores = [4.5, 4, 3.75, 4, 2.99];
  return {
    methodologyId: m.id,
    organisation: m.organization,
    period: '2026-Q2',
    employee: EMPLOYEE,
    evaluator: EVALUATOR,
    participation: 'withoutParticipation',
    participationReason: 'жұмыстан босатылған',
    evaluatedOn: '2026-07-15',
    form: {
      id: form.id,
      title: form.title,
      scale: form.scale,
      justificationLabel: form.justificationLabel ?? null,
    },
    parameters: form.parameters.map((p, i) => ({
      title: p.title,
      criteria: p.criteria,
      score: scores[i] ?? null,
      justification: i === 0 ? 'Жақсы' : null,
    })),
    sanction: { label: cap.label, maxScore: cap.maxScore, parameterTitle: capped.title },
    average: 3.85,
    band: band(m, 'proper'),
  };
}

export function almatyCityKpi(): KpiSheetInput {
  const m = methodology('almaty-city-akimat-2023');
  return {
    methodologyId: m.id,
    organisation: m.organization,
    period: '2026-Q3',
    employee: { ...EMPLOYEE, position: 'бөлім басшысы' },
    evaluator: REVIEWER,
    participation: 'full',
    evaluatedOn: '2026-10-09',
    kpis: [
      {
        title: 'Жергілікті бюджеттің атқарылуы',
        unit: '%',
        planned: 100,
        actual: 99.9955,
        percent: 99.9955,
        score: 4.8,
      },
      {
        title: 'Азаматтардың өтініштерін қарау мерзімі',
        unit: 'күн',
        planned: 10,
        actual: 12.5,
        lowerIsBetter: true,
        percent: 80,
        score: 4.1,
      },
      {
        title: 'Мемлекеттік көрсетілетін қызметтердің цифрлануы',
        unit: 'дана',
        planned: 40,
        actual: 44,
        percent: 110,
        score: 5,
      },
    ],
    average: 4.63,
    band: band(m, 'effective'),
  };
}

export function almatyRegionChapter6(): Chapter6SheetInput {
  const m = methodology('almaty-region-maslikhat-2023');
  return {
    methodologyId: m.id,
    organisation: m.organization,
    period: '2022',
    employee: EMPLOYEE,
    evaluator: EVALUATOR,
    participation: 'full',
    evaluatedOn: '2023-01-20',
    kpis: [
      {
        title: 'Мәслихат сессияларының шешімдерін дайындау',
        unit: 'дана',
        planned: 12,
        actual: 12,
        fulfilled: true,
      },
      { title: 'Депутаттық сауалдарды өңдеу', unit: 'дана', planned: 30, actual: 31, fulfilled: true },
      { title: 'Құқықтық актілерді тіркеу', unit: 'дана', planned: 8, actual: 8, fulfilled: true },
      {
        title: 'Азаматтарды қабылдау кестесін сақтау',
        unit: '%',
        planned: 100,
        actual: 100,
        fulfilled: true,
      },
      { title: 'Ақпараттық хабарламалар', unit: 'дана', planned: 20, actual: 15, fulfilled: false },
    ],
    fulfilledCount: 4,
    band: band(m, 'proper'),
    review: { reviewer: REVIEWER, agreedOn: '2023-01-24' },
  };
}

export function almatyCity360(radarPng: Uint8Array | null): Result360Input {
  const m = methodology('almaty-city-akimat-2023');
  const set = m.methods.survey360!.competencySets.find((s) => s.id === 'staff')!;
  const averages = [4.33, 3.67, 4, 2.75, 3.5, 4.5, 3.25, 4.1];
  return {
    methodologyId: m.id,
    organisation: m.organization,
    year: 2026,
    employee: EMPLOYEE,
    audience: 'staff',
    competencies: set.competencies.map((c, i) => ({
      title: c.title,
      average: averages[i] ?? null,
      selfAverage: i === 2 ? null : 5,
    })),
    overall: 3.76,
    band: band(m, 'proper'),
    respondentCount: 5,
    lowest: [set.competencies[3]!.title, set.competencies[6]!.title],
    radarPng,
    computedOn: '2027-01-11',
  };
}

export const MEMBERS: DocumentPerson[] = [
  { fullName: 'Төлеубекова Әсем Бақытжанқызы', position: 'аппарат басшысы' },
  { fullName: 'Құдайбергенов Ерлан Сәкенұлы', position: 'басқарма басшысы' },
  { fullName: 'Иванова Ольга Петровна', position: 'персоналды басқару қызметінің басшысы' },
];

export function almatyCityCalibration(outcome: 'kept' | 'corrected'): CalibrationProtocolInput {
  const m = methodology('almaty-city-akimat-2023');
  return {
    methodologyId: m.id,
    organisation: m.organization,
    number: '7',
    employee: EMPLOYEE,
    evaluator: EVALUATOR,
    result: { kind: 'ranking', period: '2026-Q3', score: 3.69, band: band(m, 'proper') },
    statementFiledOn: '2026-10-14',
    statement: 'Бағамен келіспеймін: тоқсанда барлық тапсырмалар мерзімінде орындалды.',
    authorised: { fullName: 'Оспанов Бауыржан Серікұлы', position: 'әкімнің орынбасары' },
    decidedOn: '2026-10-16',
    sessionOn: '2026-10-23',
    members:
      outcome === 'corrected'
        ? [
            { person: MEMBERS[0]!, role: 'chair', vote: 'up', proposedScore: 4.1 },
            { person: MEMBERS[1]!, role: 'member', vote: 'up', proposedScore: 4.1 },
            { person: MEMBERS[2]!, role: 'hrHead', vote: 'keep' },
          ]
        : [
            { person: MEMBERS[0]!, role: 'chair', vote: 'keep' },
            { person: MEMBERS[1]!, role: 'member', vote: 'down', proposedScore: 3.2 },
            { person: MEMBERS[2]!, role: 'hrHead', vote: 'keep' },
          ],
    arguments: {
      evaluator: 'Екі тапсырма мерзімінен кеш орындалды.',
      employee: 'Кешігу басқа бөлімнің құжаттарына байланысты болды.',
    },
    decision:
      outcome === 'corrected'
        ? { outcome, score: 4.1, band: band(m, 'effective') }
        : { outcome, score: 3.69, band: band(m, 'proper') },
    secretary: { fullName: 'Мұхтарова Айгүл Ерболқызы', position: 'бас маман' },
    fileBy: '2026-10-28',
  };
}

export function almatyRegionCommission(cases = 3, memberCount = 5): CommissionProtocolInput {
  const m = methodology('almaty-region-maslikhat-2023');
  const members: CommissionProtocolInput['members'] = [
    { person: MEMBERS[0]!, role: 'chair', present: true },
    ...Array.from({ length: memberCount - 1 }, (_, i) => ({
      person: { fullName: `Мүше${i + 1} Қайратов Ғалым`, position: 'бөлім басшысы' },
      role: 'member' as const,
      present: i !== 0,
    })),
    {
      person: { fullName: 'Мұхтарова Айгүл Ерболқызы', position: 'бас маман' },
      role: 'secretary',
      present: true,
    },
  ];
  return {
    methodologyId: m.id,
    organisation: m.organization,
    number: '2',
    meetingOn: '2023-02-03',
    period: '2022',
    kind: 'chapter6',
    members,
    quorumReached: true,
    cases: Array.from({ length: cases }, (_, i) => {
      const revise = i % 3 === 1;
      return {
        employee:
          i === 0 ? EMPLOYEE : { fullName: `Қызметші${i + 1} Өтегенов Нұржан`, position: 'жетекші маман' },
        result: { kind: 'chapter6' as const, period: '2022', score: null, band: band(m, 'proper') },
        decision: revise ? ('revise' as const) : ('approve' as const),
        revised: revise ? { score: null, band: band(m, 'effective') } : null,
        votes: revise ? { approve: 2, revise: 2, chairCasting: true } : { approve: 4, revise: 0 },
      };
    }),
    approvedBy: { fullName: 'Байедилов Талғат Нұрланұлы', position: 'мәслихат төрағасы' },
    approvedOn: '2023-02-06',
  };
}

export function kentauRefusal(): RefusalActInput {
  const m = methodology('kentau-city-maslikhat-2018');
  return {
    methodologyId: m.id,
    organisation: m.organization,
    number: '1',
    employee: EMPLOYEE,
    result: { kind: 'result360', period: '2022', score: 3.4, band: m.bands.find((b) => b.id === 'proper')! },
    deliveredOn: '2023-01-16',
    refusedOn: '2023-01-17',
    actOn: '2023-01-17',
    hrOfficer: { fullName: 'Мұхтарова Айгүл Ерболқызы', position: 'персоналды басқару қызметінің маманы' },
    witnesses: [
      { fullName: 'Сәрсенбаев Дәурен Қуанышұлы', position: 'бас маман' },
      { fullName: 'Петров Илья Сергеевич', position: 'жетекші маман' },
    ],
    sentAfterRefusal: { channel: 'documentFlow', on: '2023-01-18' },
  };
}

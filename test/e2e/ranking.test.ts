import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addHrStaff,
  last,
  openSheet,
  rankUser,
  seedRankingRoster,
  sheetOf,
} from '../support/ranking-world.ts';
import { World } from '../support/world.ts';

const HR_ID = 8100;
const NOT_ALLOWED = 'У вас нет прав на это действие.';
let world: World;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR', languageCode: 'ru' });

/** One world for the whole story; the tests run in order like the quarter does. */
beforeAll(async () => {
  world = await new World({ adminIds: [HR_ID] }).start();
  world.setNow(new Date('2026-10-05T04:00:00Z'));
  await seedRankingRoster(world);
}, 60_000);
afterAll(async () => {
  await world.stop();
});

describe('quarterly campaign (Almaty city akimat)', () => {
  it('HR opens 2026-Q3: who evaluates whom, who is evaluated without participation, who is not and why', async () => {
    // The administrator acts for one body at a time: another body's code is refused until chosen.
    await hr().send('/ranking 2026-Q3 alm');
    expect(last(hr())).toBe('Сначала выберите государственный орган: /scope');
    await hr().send('/scope alm');
    await hr().send('/ranking 2026-Q3 jus');
    expect(last(hr())).toBe(NOT_ALLOWED);
    await hr().send('/ranking 2026-Q3 alm');
    expect(last(hr())).toBe('Оценка за 2026-Q3 ещё не начата.');
    await hr().tap('➕ Начать оценку за 2026-Q3');
    const status = last(hr());
    expect(status).toContain('Оценка за 2026-Q3: листов 5, завершено 0.');
    expect(status).toContain(
      '• Bolat Active — оценочный лист (ранжирование); оценивает: Aliya Head; не начат; срок до 10.10.2026',
    );
    expect(status).toContain(
      '• Dana Leave — оценочный лист (ранжирование); оценивает: Aliya Head; не начат (оценивается без участия: отпуск)',
    );
    expect(status).toContain(
      '• Erlan New — оценочный лист (ранжирование); оценивает: Aliya Head; не оценивается: менее месяца в должности на конец периода',
    );
    expect(status).toContain('• Aliya Head — КЦИ; оценивает: Top Boss; не начат; срок до 10.10.2026');
    expect(status).toContain(
      '• Top Boss — КЦИ; оценивает: —; не оценивается: не определено оценивающее лицо',
    );
    await hr().send('/ranking 2026-Q3 alm');
    expect(last(hr())).toContain('листов 5');
  });

  it('the evaluator is notified through the outbox and sees the list with statuses', async () => {
    const head = rankUser(world, '3001');
    const notice = await head.waitForMessage((m) => m.text?.startsWith('Начата оценка') ?? false);
    expect(notice.text).toBe(
      'Начата оценка за 2026-Q3. Оценочных листов для заполнения: 2. Срок: до 10.10.2026.',
    );
    await head.send('/evaluate');
    const list = last(head);
    expect(list).toContain(
      '⬜ Bolat Active — оценочный лист (ранжирование), 2026-Q3: не начат (срок: до 10.10.2026)',
    );
    expect(list).toContain(
      'Dana Leave — оценочный лист (ранжирование), 2026-Q3: не начат · оценивается без участия',
    );
    expect(list).toContain(
      '➖ Erlan New, 2026-Q3: не оценивается — менее месяца в должности на конец периода',
    );
  });

  it('a non-HR user cannot open campaigns', async () => {
    await rankUser(world, '3002').send('/ranking 2026-Q3 alm');
    expect(last(rankUser(world, '3002'))).toBe(NOT_ALLOWED);
  });
});

describe('ranking sheet question by question', () => {
  const head = () => rankUser(world, '3001');
  let firstQuestion: number;

  it('asks each parameter with its criteria; refuses "abc", "7", "-1", "4,555" and asks again', async () => {
    await openSheet(head(), 'Bolat Active');
    expect(last(head())).toContain('Вопрос 1 из 8');
    expect(last(head())).toContain('Параметр 1 из 4: Качество выполнения функциональных обязанностей');
    expect(last(head())).toContain('Отсутствие обоснованных замечаний и жалоб');
    for (const [input, error] of [
      ['abc', 'Это не число. Введите балл от 0 до 5, например 4 или 4,5.'],
      ['7', 'Балл должен быть от 0 до 5.'],
      ['-1', 'Балл должен быть от 0 до 5.'],
      ['4,555', 'Не более двух знаков после запятой (например, 4,55).'],
    ] as const) {
      const { replies } = await head().send(input);
      expect(replies.map((r) => r.text)[0]).toBe(error);
      expect(last(head())).toContain('Параметр 1 из 4');
    }
    firstQuestion = head().lastMessage()!.message_id;
    expect((await sheetOf(world, '3002'))?.step).toBe(0);
  });

  it('takes an exact 4,5 typed, then a required justification (no skip button)', async () => {
    await head().send('4,5');
    expect(last(head())).toContain(
      'Обоснование к параметру «Качество выполнения функциональных обязанностей» (оценка 4,5): напишите текст. Это поле обязательно.',
    );
    expect(JSON.stringify(head().lastMessage()?.reply_markup)).not.toContain('Пропустить');
    await head().send('Замечаний нет');
    expect(last(head())).toContain('Параметр 2 из 4');
    await head().tap('5');
    expect(last(head())).toContain('Обоснование к параметру «Соблюдение сроков выполнения задач» (оценка 5)');
  });

  it('a tap on an old question answers "already answered" and changes nothing', async () => {
    await head().tapIn(firstQuestion, '3');
    expect(head().callbackAnswers().at(-1)?.text).toBe('На этот вопрос уже ответили.');
    const sheet = await sheetOf(world, '3002');
    expect(sheet?.scores).toMatchObject({ quality: 4.5, deadlines: 5 });
    expect(sheet?.step).toBe(3);
  });

  it('resumes after a restart from the answers in MongoDB', async () => {
    await world.restart();
    await head().send('Сроки соблюдены');
    expect(last(head())).toContain('Параметр 3 из 4: Самостоятельность и инициативность');
    await head().send('4');
    await head().send('Инициативен');
    await head().tap('4');
    await head().send('Дисциплина соблюдается');
    const summary = last(head());
    expect(summary).toContain('Итоги:');
    expect(summary).toContain('1. Качество выполнения функциональных обязанностей: 4,5');
    expect(summary).toContain('   — Замечаний нет');
    expect(summary).toContain('Средний балл: 4,38 — Функциональные обязанности исполняет эффективно.');
  });

  it('"back" from the summary and "change" of one parameter return to the summary', async () => {
    await head().tap('◀ Назад');
    expect(last(head())).toContain('Обоснование к параметру «Соблюдение трудовой дисциплины»');
    await head().send('Дисциплина соблюдается всегда');
    await head().tap('✏️ Изменить');
    await head().tap('2. Соблюдение сроков выполнения задач');
    await head().tap('3');
    await head().send('Были просрочки');
    const summary = last(head());
    expect(summary).toContain('2. Соблюдение сроков выполнения задач: 3');
    expect(summary).toContain(
      'Средний балл: 3,88 — Функциональные обязанности исполняет надлежащим образом.',
    );
  });

  it('submits after confirmation; the sheet is then closed to changes', async () => {
    await head().tap('✅ Отправить');
    expect(last(head())).toBe('Отправить оценочный лист? После отправки изменить его будет нельзя.');
    const confirm = head().lastMessage()!;
    await head().tap('Да, отправить');
    expect(last(head())).toBe('Оценочный лист (Bolat Active) отправлен. Спасибо!');
    const sheet = await sheetOf(world, '3002');
    expect(sheet?.status).toBe('submitted');
    expect(sheet?.result).toMatchObject({ average: 3.88, band: 'proper' });
    expect(confirm.message_id).toBeGreaterThan(0);
  });

  it('evaluates the employee on leave without participation', async () => {
    await openSheet(head(), 'Dana Leave');
    expect(last(head())).toContain('Оценивается без участия служащего (отпуск).');
    for (const points of ['4', '4', '4', '4']) {
      await head().tap(points);
      await head().send('Оценено по итогам квартала');
    }
    await head().tap('✅ Отправить');
    await head().tap('Да, отправить');
    expect((await sheetOf(world, '3003'))?.result).toMatchObject({ average: 4, band: 'effective' });
  });
});

describe('Justice: leadership and non-leadership sheets, disciplinary sanction caps', () => {
  const head = () => rankUser(world, '4000');

  beforeAll(async () => {
    await hr().send('/scope jus');
    await hr().send('/ranking 2026-Q3 jus');
    await hr().tap('➕ Начать оценку за 2026-Q3');
    await head().waitForMessage((m) => m.text?.startsWith('Начата оценка за 2026-Q3') ?? false);
  });

  it('routes both subordinates to the department head, due by the 20th', async () => {
    const status = last(hr());
    expect(status).toContain(
      '• Sector Lead — оценочный лист (ранжирование); оценивает: Justice Head; не начат; срок до 20.10.2026',
    );
    expect(status).toContain(
      '• Justice Specialist — оценочный лист (ранжирование); оценивает: Justice Head; не начат; срок до 20.10.2026',
    );
  });

  it('leadership sheet: optional comment can be skipped; no sanction → full scale', async () => {
    await openSheet(head(), 'Sector Lead');
    expect(last(head())).toContain('Оценочный лист лица, занимающего руководящую должность');
    expect(last(head())).toContain('Параметр 1 из 5: Обеспечение качественного выполнения задач');
    for (let i = 0; i < 4; i++) {
      await head().tap('5');
      expect(last(head())).toContain('Комментарий к параметру');
      await head().tap('Пропустить ▶');
    }
    expect(last(head())).toContain('Налагалось ли на оцениваемого дисциплинарное взыскание');
    await head().tap('Нет взысканий');
    expect(head().lastMessage()?.reply_markup).toMatchObject({
      inline_keyboard: expect.arrayContaining([
        expect.arrayContaining([expect.objectContaining({ text: '5' })]),
      ]),
    });
    await head().tap('5');
    await head().tap('Пропустить ▶');
    expect(last(head())).toContain('Средний балл: 5,00 — Функциональные обязанности исполняет эффективно.');
    await head().tap('✅ Отправить');
    await head().tap('Да, отправить');
    expect((await sheetOf(world, '4001'))?.status).toBe('submitted');
  });

  it('with a reprimand the sanction parameter is capped at 2,99, and a higher score is explained', async () => {
    await openSheet(head(), 'Justice Specialist');
    expect(last(head())).toContain('Оценочный лист лица, не занимающего руководящую должность');
    expect(last(head())).toContain('Параметр 1 из 5: Качество выполнения функциональных обязанностей');
    for (let i = 0; i < 4; i++) {
      await head().send('4');
      await head().tap('Пропустить ▶');
    }
    await head().tap('Выговор');
    const question = last(head());
    expect(question).toContain('Параметр 5 из 5: Отсутствие дисциплинарных взысканий');
    expect(question).toContain('При дисциплинарном взыскании «выговор» оценка не может превышать 2,99.');
    const buttons = JSON.stringify(head().lastMessage()?.reply_markup);
    expect(buttons).toContain('"text":"2"');
    expect(buttons).not.toContain('"text":"3"');
    const { replies } = await head().send('3');
    expect(replies[0]?.text).toBe('При дисциплинарном взыскании «выговор» оценка не может превышать 2,99.');
    expect(last(head())).toContain('Параметр 5 из 5');
    await head().send('2,99');
    await head().tap('Пропустить ▶');
    const summary = last(head());
    expect(summary).toContain('Дисциплинарное взыскание: Выговор');
    expect(summary).toContain(
      'Средний балл: 3,80 — Функциональные обязанности исполняет надлежащим образом.',
    );
  });

  it('a stricter sanction chosen on "change" drops the score above the new cap and asks it again', async () => {
    await head().tap('✏️ Изменить');
    await head().tap('Дисциплинарное взыскание');
    await head().tap('Иное взыскание');
    expect(last(head())).toContain('оценка не может превышать 1,99');
    await head().send('1,5');
    await head().tap('Пропустить ▶');
    expect(last(head())).toContain(
      'Средний балл: 3,50 — Функциональные обязанности исполняет надлежащим образом.',
    );
    await head().tap('✅ Отправить');
    await head().tap('Да, отправить');
    expect((await sheetOf(world, '4002'))?.result).toMatchObject({ average: 3.5 });
  });
});

describe('KPI sheet of a head (Almaty city, Appendix 3 ranges)', () => {
  const boss = () => rankUser(world, '3000');

  it('HR records the work plan: 4 KPIs, one "lower is better", one zero plan; a bad plan is refused', async () => {
    await hr().send('/scope alm');
    await hr().send('/kpiplan 3001 2026-Q3\nОдин; шт; 1\nДва; шт; 2');
    expect(last(hr())).toBe('Нужно от 3 до 5 КЦИ, указано 2.');
    await hr().send(
      '/kpiplan 3001 2026-Q3\nОбращения рассмотрены в срок; %; 100\nЖалобы; шт; 4; ↓\nНовые услуги; шт; 0\nОбучение; час; 40',
    );
    expect(last(hr())).toBe('Индивидуальный план (Aliya Head, 2026-Q3) сохранён. КЦИ: 4.');
  });

  it('the evaluator enters actual values, sees the percent and the allowed range, scores within it', async () => {
    await openSheet(boss(), 'Aliya Head');
    expect(last(boss())).toContain('КЦИ 1 из 4: Обращения рассмотрены в срок\nПлан: 100 %');
    await boss().send('abc');
    expect(boss().messages().at(-2)?.text).toBe('Введите фактическое значение числом, например 12 или 12,5.');
    await boss().send('-5');
    expect(boss().messages().at(-2)?.text).toBe('Значение не может быть отрицательным.');
    await boss().send('97,5');
    expect(last(boss())).toContain('Факт: 97,5. Достижение: 97,50%. Допустимый диапазон оценки: 4,75–4,99.');
    await boss().send('5');
    expect(boss().messages().at(-2)?.text).toBe('При достижении 97,50% допустима оценка от 4,75 до 4,99.');
    await boss().tap('4,87');
    expect(last(boss())).toContain('КЦИ 2 из 4: Жалобы\nПлан: 4 шт (чем меньше, тем лучше)');
    await boss().send('5');
    expect(last(boss())).toContain('Достижение: 80,00%. Допустимый диапазон оценки: 4,00–4,24.');
    await boss().send('4,1');
    await boss().send('3');
    expect(last(boss())).toContain('Достижение: 100,00%. Допустимый диапазон оценки: 5,00–5,00.');
    await boss().tap('5,00');
    await boss().send('40');
    await boss().tap('5,00');
    const summary = last(boss());
    expect(summary).toContain('2. Жалобы: 80,00% → 4,10');
    expect(summary).toContain('Средний балл: 4,74 — Функциональные обязанности исполняет эффективно.');
    await boss().tap('✅ Отправить');
    await boss().tap('Да, отправить');
    expect((await sheetOf(world, '3001', 'kpi'))?.result).toMatchObject({ average: 4.74, band: 'effective' });
  });
});

describe('Chapter 6 (Almaty region maslikhat): 5 KPIs fulfilled or not, superior review', () => {
  const evaluator = () => rankUser(world, '5001');
  const superior = () => rankUser(world, '5000');

  beforeAll(() => {
    world.setNow(new Date('2027-01-05T04:00:00Z'));
  });

  it('HR records the 5-KPI plan of an employee in the Chapter 6 group and opens the year', async () => {
    // Personnel numbers are looked up in the chosen body only.
    await hr().send('/kpiplan 5002 2026\nКЦИ 1\nКЦИ 2\nКЦИ 3\nКЦИ 4\nКЦИ 5');
    expect(last(hr())).toBe('Сотрудник с табельным номером 5002 не найден.');
    await hr().send('/scope reg');
    await hr().send('/kpiplan 5002 2026\nКЦИ 1\nКЦИ 2\nКЦИ 3\nКЦИ 4\nКЦИ 5');
    expect(last(hr())).toContain('сохранён. КЦИ: 5.');
    await hr().send('/ranking 2026 reg');
    await hr().tap('➕ Начать оценку за 2026');
    expect(last(hr())).toContain(
      '• Region Staff — КЦИ; оценивает: Region Head; не начат; срок до 10.01.2027',
    );
  });

  it('the evaluator marks 4 of 5 fulfilled and sends it to the superior', async () => {
    await openSheet(evaluator(), 'Region Staff');
    for (const answer of ['✅ Выполнен', '✅ Выполнен', '✅ Выполнен', '✅ Выполнен', '❌ Не выполнен'])
      await evaluator().tap(answer);
    expect(last(evaluator())).toContain(
      'Выполнено КЦИ: 4 из 5 — Функциональные обязанности исполняет надлежащим образом.',
    );
    await evaluator().tap('✅ Отправить');
    expect(last(evaluator())).toBe('Отправить лист на согласование вышестоящему руководителю?');
    await evaluator().tap('Да, отправить');
    expect(last(evaluator())).toBe(
      'Лист (Region Staff) отправлен на согласование вышестоящему руководителю.',
    );
  });

  it('the superior sends it back with a comment; the evaluator has 2 working days', async () => {
    const request = await superior().waitForMessage((m) => m.text?.startsWith('На согласование') ?? false);
    expect(request.text).toContain('оценивающий — Region Head, оцениваемый — Region Staff, период 2026');
    await superior().tap('↩️ Вернуть на доработку');
    expect(last(superior())).toBe('Напишите комментарий: что нужно исправить.');
    await superior().send('КЦИ 5 выполнен, проверьте отчёт');
    expect(last(superior())).toBe('Лист возвращён оценивающему на доработку.');
    const notice = await evaluator().waitForMessage(
      (m) => m.text?.includes('возвращён на доработку') ?? false,
    );
    // 5 January 2027 (Tuesday) + 2 working days = 7 January 2027... 7 January is Orthodox Christmas, a holiday.
    expect(notice.text).toMatch(
      /«КЦИ 5 выполнен, проверьте отчёт»\. Исправьте и отправьте повторно в течение 2 рабочих дней, до \d\d\.01\.2027\./,
    );
    expect((await sheetOf(world, '5002', 'kpi'))?.status).toBe('returned');
  });

  it('the evaluator corrects and resubmits; the superior agrees', async () => {
    await evaluator().tap('📝 Открыть лист');
    expect(last(evaluator())).toContain(
      'Возвращён руководителем на доработку: «КЦИ 5 выполнен, проверьте отчёт»',
    );
    await evaluator().tap('✏️ Изменить');
    await evaluator().tap('5. КЦИ 5');
    await evaluator().tap('✅ Выполнен');
    expect(last(evaluator())).toContain(
      'Выполнено КЦИ: 5 из 5 — Функциональные обязанности исполняет эффективно.',
    );
    await evaluator().tap('✅ Отправить');
    await evaluator().tap('Да, отправить');
    const second = await superior().waitForMessage(
      (m) => (m.text?.startsWith('На согласование') ?? false) && (m.text?.includes('5 из 5') ?? false),
    );
    await superior().tapIn(second, '✅ Согласовать');
    expect(last(superior())).toBe('Лист согласован и передан в кадровую службу.');
    const sheet = await sheetOf(world, '5002', 'kpi');
    expect(sheet?.status).toBe('agreed');
    expect(sheet?.result).toMatchObject({ band: 'effective', fulfilledCount: 5 });
    expect(sheet?.review?.rounds).toBe(1);
    await superior().tapIn(second, '↩️ Вернуть на доработку');
    expect(superior().callbackAnswers().at(-1)?.text).toBe('Этот лист уже рассмотрен.');
  });
});

describe('results and export', () => {
  it('the employee sees the quarter and the annual final; others only the HR head or the evaluator', async () => {
    const bolat = rankUser(world, '3002');
    await bolat.send('/scores 3002 2026');
    const text = last(bolat);
    expect(text).toContain('Результаты оценки: Bolat Active, 2026 г.');
    expect(text).toContain('2026-Q3: 3,88 — Функциональные обязанности исполняет надлежащим образом');
    expect(text).toContain('Итоговая годовая оценка: 3,88');
    // Results cannot be forwarded or saved.
    expect(String(world.api.callsOf('sendMessage').at(-1)?.params.protect_content)).toBe('true');
    await rankUser(world, '3003').send('/scores 3002 2026');
    expect(last(rankUser(world, '3003'))).toBe(NOT_ALLOWED);
    await rankUser(world, '3001').send('/scores 3002 2026');
    expect(last(rankUser(world, '3001'))).toContain('2026-Q3: 3,88');
    // The administrator runs the bot and sees no scores; the roster's HR head of the body does.
    await hr().send('/scope alm');
    await hr().send('/scores 3004 2026');
    expect(last(hr())).toBe(NOT_ALLOWED);
    const hrHead = await addHrStaff(world, {
      org: 'alm',
      number: '3900',
      name: 'Alm HR Head',
      role: 'hrHead',
      telegramId: 83900,
    });
    await hrHead.send('/scores 3004 2026');
    expect(last(hrHead)).toContain('2026-Q3: нет оценки (менее месяца в должности на конец периода)');
  });

  it('the HR head exports the quarter as .xlsx, one worksheet per unit, checked cell by cell', async () => {
    await hr().send('/rankexport 2026-Q3 alm');
    expect(last(hr())).toBe(NOT_ALLOWED);
    const hrHead = world.api.user({ id: 83900, firstName: 'Alm HR Head' });
    await hrHead.send('/rankexport 2026-Q3');
    const message = hrHead.lastMessage()!;
    expect(message.caption).toBe('Результаты оценки за 2026-Q3 по подразделениям.');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(message.document!.bytes! as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['DEP Documents', 'TOP Apparatus']);
    const dep = workbook.getWorksheet('DEP Documents')!;
    const row = (n: number) => (dep.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual([
      'Служащий',
      'Табельный номер',
      'Должность',
      'Вид оценки',
      'КЦИ 1',
      'КЦИ 2',
      'КЦИ 3',
      'КЦИ 4',
      'Качество выполнения функциональных обязанностей',
      'Соблюдение сроков выполнения задач',
      'Самостоятельность и инициативность',
      'Соблюдение трудовой дисциплины',
      'Итоговая оценка',
      'Результат',
      'Оценивающее лицо',
      'Статус',
    ]);
    expect(row(2)).toEqual([
      'Aliya Head',
      '3001',
      'Head',
      'КЦИ',
      4.87,
      4.1,
      5,
      5,
      undefined,
      undefined,
      undefined,
      undefined,
      4.74,
      'Функциональные обязанности исполняет эффективно',
      'Top Boss',
      'отправлен',
    ]);
    expect(row(3)).toEqual([
      'Bolat Active',
      '3002',
      'Chief specialist',
      'оценочный лист (ранжирование)',
      undefined,
      undefined,
      undefined,
      undefined,
      4.5,
      3,
      4,
      4,
      3.88,
      'Функциональные обязанности исполняет надлежащим образом',
      'Aliya Head',
      'отправлен',
    ]);
    expect(row(4).slice(-4)).toEqual([
      4,
      'Функциональные обязанности исполняет эффективно',
      'Aliya Head',
      'отправлен (оценивается без участия: отпуск)',
    ]);
    expect(row(5)[0]).toBe('Erlan New');
    expect(row(5).at(-1)).toBe('не оценивается: менее месяца в должности на конец периода');
    expect(dep.rowCount).toBe(5);
  });
});

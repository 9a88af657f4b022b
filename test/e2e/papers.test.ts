// Results on paper: a sheet's PDF for whom may see it, and the campaign's sheets as one archive for HR.
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacks } from '../../src/bot/callback-data.ts';
import { formatPeriod } from '../../src/i18n/format.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { folded, readPdf } from '../documents/pdf-reader.ts';
import type { ChatMessage, SimulatedUser } from '../harness/index.ts';
import { kk, ru } from '../support/i18n.ts';
import { seedRankingSheet } from '../support/seeded-sheets.ts';
import {
  A,
  B,
  type Body,
  forgeTap,
  METHODOLOGY,
  nameOf,
  person,
  seedTwoBodies,
} from '../support/two-bodies.ts';
import { World } from '../support/world.ts';

let world: World;
let sheetId = '';
const models = () => world.app.services.models;
const employeeOf = async (body: Body, number: string) =>
  (await models().Employee.findOne({ organisationCode: body.code, personnelNumber: number }).lean())!;
const form = getMethodology(METHODOLOGY)!.methods.ranking!.forms.find((f) => f.id === 'staff')!;
const SCORES = { quality: 4.5, deadlines: 4, independence: 3.5, discipline: 5 };
const documentsOf = (user: SimulatedUser) => user.messages().filter((m) => m.method === 'sendDocument');
const pdfOf = async (message: ChatMessage) => folded((await readPdf(message.document!.bytes!)).text);

beforeAll(async () => {
  world = await new World().start();
  // Monday 12 October 2026: the third quarter's sheets are filled.
  world.setNow(new Date('2026-10-12T05:00:00Z'));
  await seedTwoBodies(world);
  sheetId = String(
    await seedRankingSheet(world, {
      organisationCode: A.code,
      methodologyId: METHODOLOGY,
      period: '2026-Q3',
      employeeId: (await employeeOf(A, '102'))._id,
      evaluatorId: (await employeeOf(A, '101'))._id,
      scores: SCORES,
      justifications: { quality: 'Тапсырмалар уақытылы орындалды.' },
    }),
  );
  await seedRankingSheet(world, {
    organisationCode: A.code,
    methodologyId: METHODOLOGY,
    period: '2026-Q3',
    employeeId: (await employeeOf(A, '103'))._id,
    evaluatorId: (await employeeOf(A, '101'))._id,
    scores: { quality: 3, deadlines: 3, independence: 3, discipline: 3 },
  });
});
afterAll(async () => {
  await world.stop();
});

describe('a sheet as a PDF', () => {
  it('the employee downloads their sheet from /scores: name, scores, parameter titles, in Russian and Kazakh', async () => {
    const staff = person(world, A, '102');
    await staff.send('/scores');
    const button = ru('results:papers.sheetButton', {
      period: formatPeriod(ru, '2026-Q3'),
      kind: ru('results:papers.kinds.ranking'),
    });
    await staff.tap(button);
    const [russian] = documentsOf(staff);
    expect(russian?.document?.file_name).toContain(ru('documents:files.rankingSheet'));
    expect(russian?.document?.file_name?.endsWith('.pdf')).toBe(true);
    const ruText = await pdfOf(russian!);
    expect(ruText).toContain(nameOf(A, '102'));
    for (const parameter of form.parameters) expect(ruText).toContain(parameter.title.ru);
    for (const score of ['4,50', '4,00', '3,50', '5,00']) expect(ruText).toContain(score);
    // (4.5 + 4 + 3.5 + 5) / 4 = 4.25.
    expect(ruText).toContain('4,25');
    expect(ruText).toContain(form.title.ru);
    // In Kazakh once the account's language is Kazakh.
    await models().Account.updateOne({ telegramId: staff.id }, { $set: { language: 'kk' } });
    await staff.tapIn(
      staff.messages().find((m) => JSON.stringify(m.reply_markup ?? {}).includes('pdf:s:'))!,
      button,
    );
    const kazakh = documentsOf(staff)[1]!;
    expect(kazakh.document?.file_name).toContain(kk('documents:files.rankingSheet'));
    const kkText = await pdfOf(kazakh);
    expect(kkText).toContain(nameOf(A, '102'));
    for (const parameter of form.parameters) expect(kkText).toContain(parameter.title.kk);
    expect(kkText).toContain('4,25');
    expect(kkText).toContain('Тапсырмалар уақытылы орындалды.');
  });

  it('the evaluator may download it; an unrelated colleague and the HR head of another body may not', async () => {
    const data = callbacks.papers.sheet.build({ sheetId });
    const evaluator = person(world, A, '101');
    await evaluator.send('/help');
    await forgeTap(world, evaluator, data);
    expect(documentsOf(evaluator)).toHaveLength(1);
    for (const outsider of [person(world, A, '104'), person(world, B, '901')]) {
      await outsider.send('/help');
      await forgeTap(world, outsider, data);
      expect(outsider.callbackAnswers().at(-1)?.text).toBe(ru('errors.notAllowed'));
      expect(documentsOf(outsider)).toHaveLength(0);
    }
  });
});

describe("the campaign's sheets as one archive", () => {
  it('the HR head gets a .zip of every sheet of the quarter, one folder per unit, built by a task', async () => {
    const head = person(world, A, '901');
    await head.send('/papers 2026-Q3');
    await world.app.services.wakeTasks();
    const zip = await head.waitForMessage((m) => m.document?.file_name?.endsWith('.zip') ?? false);
    expect(zip.caption).toBe(ru('results:papers.archiveCaption', { count: 2 }));
    const files = unzipSync(new Uint8Array(zip.document!.bytes!));
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^DEP Department\/.+\.pdf$/);
    const staffOne = names.find((n) => n.includes(nameOf(A, '102')))!;
    expect(folded((await readPdf(files[staffOne]!)).text)).toContain('4,25');
    expect(names.some((n) => n.includes(nameOf(A, '103')))).toBe(true);
    expect(head.messages().some((m) => m.text?.startsWith('✅'))).toBe(true);
  });

  it('the plain HR officer, who may not see results, gets an empty archive: nothing is sent', async () => {
    const officer = person(world, A, '900');
    await officer.send('/papers 2026-Q3');
    await world.app.services.wakeTasks();
    await officer.waitForMessage((m) => m.text?.startsWith('✅') ?? false);
    expect(documentsOf(officer)).toHaveLength(0);
  });

  it('the HR head of another body gets nothing of this one', async () => {
    const other = person(world, B, '901');
    await other.send('/papers 2026-Q3');
    await world.app.services.wakeTasks();
    await other.waitForMessage((m) => m.text?.startsWith('✅') ?? false);
    expect(documentsOf(other)).toHaveLength(0);
  });
});

import { expect } from 'vitest';
import { flattenQuestions } from '../../src/evaluation/survey360/questionnaire.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { writeRoster } from '../../src/people/roster/import.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { keyPattern, kk } from './i18n.ts';
import type { World } from './world.ts';

export const ORG = 'test-akimat';
export const METHODOLOGY = 'almaty-city-akimat-2023';

export interface Person {
  number: string;
  name: string;
  telegramId: number;
  isHead: boolean;
  supervisor: string | null;
  appointedOn?: string;
  status?: string;
}

/** One department: a head with four staff, and a newcomer (on leave) appointed too late to be evaluated this year. */
export const PEOPLE: Person[] = [
  { number: '1001', name: 'Head One', telegramId: 7001, isHead: true, supervisor: null },
  { number: '1002', name: 'Staff One', telegramId: 7002, isHead: false, supervisor: '1001' },
  { number: '1003', name: 'Staff Two', telegramId: 7003, isHead: false, supervisor: '1001' },
  { number: '1004', name: 'Staff Three', telegramId: 7004, isHead: false, supervisor: '1001' },
  { number: '1005', name: 'Staff Four', telegramId: 7005, isHead: false, supervisor: '1001' },
  {
    number: '1006',
    name: 'New Comer',
    telegramId: 7006,
    isHead: false,
    supervisor: '1001',
    appointedOn: '2026-12-15',
    status: 'onLeave',
  },
];

/** Writes the department straight into the roster collections and links every Telegram account. */
export async function seedDepartment(world: World): Promise<void> {
  const { models } = world.app.services;
  await writeRoster(models, {
    organisations: [{ code: ORG, name: 'Test akimat', methodologyId: METHODOLOGY }],
    units: [{ organisationCode: ORG, code: 'U1', name: 'Department', parentCode: null }],
    rows: PEOPLE.map((p, index) => ({
      row: index + 2,
      organisationCode: ORG,
      personnelNumber: p.number,
      fullName: p.name,
      position: p.isHead ? 'Head of department' : 'Chief specialist',
      categoryCode: p.isHead ? 'E-2' : 'E-4',
      unitCode: 'U1',
      isHead: p.isHead,
      supervisorNumber: p.supervisor,
      phone: `+7701000${p.number}`,
      language: 'kk',
      status: (p.status ?? 'active') as 'active',
      appointedOn: p.appointedOn ?? '2020-01-01',
      roles: ['employee'],
    })),
  });
  for (const p of PEOPLE) {
    const employee = await models.Employee.findOneAndUpdate(
      { personnelNumber: p.number },
      { $set: { telegramId: p.telegramId } },
      { returnDocument: 'after' },
    );
    await models.Account.updateOne(
      { telegramId: p.telegramId },
      { $set: { employeeId: employee!._id, language: 'kk' } },
      { upsert: true },
    );
  }
}

export function questionSlots(setId: 'heads' | 'staff') {
  const set = getMethodology(METHODOLOGY)!.methods.survey360!.competencySets.find((s) => s.id === setId)!;
  return flattenQuestions(set);
}

const PROGRESS = keyPattern(
  kk,
  'survey360:question.progress',
  {},
  { k: '(\\d+)', n: '(\\d+)', competency: '.*' },
);

/** The progress line ("question k of n · competency") of the questionnaire message, as numbers. */
export function progressOf(user: SimulatedUser): { k: number; n: number } | null {
  const match = PROGRESS.exec(user.lastMessage()?.text ?? '');
  return match ? { k: Number(match[1]), n: Number(match[2]) } : null;
}

/** Taps the answer with this many points on the current question. */
export async function answer(user: SimulatedUser, points: number): Promise<void> {
  await user.tap(new RegExp(`^(● )?${points} — `));
}

/**
 * Opens the respondent's questionnaire about `label` from /survey and answers every remaining
 * question with `pointsFor(competencyIndex, questionIndexInCompetency)`, then submits.
 */
export async function answerQuestionnaire(
  user: SimulatedUser,
  label: string,
  setId: 'heads' | 'staff',
  pointsFor: (competencyIndex: number, questionIndex: number) => number,
  options: { submit?: boolean; stopAfter?: number } = {},
): Promise<void> {
  const slots = questionSlots(setId);
  await user.send('/survey');
  await user.tap(label);
  const intro = getMethodology(METHODOLOGY)!.methods.survey360!.intro?.kk;
  if (intro && user.lastMessage()?.text === intro) await user.tap(kk('survey360:continueButton'));
  let answered = 0;
  for (let progress = progressOf(user); progress; progress = progressOf(user)) {
    if (options.stopAfter !== undefined && answered >= options.stopAfter) return;
    const slot = slots[progress.k - 1]!;
    const questionIndex = slot.competency.questions.findIndex((q) => q.id === slot.question.id);
    await answer(user, pointsFor(slot.competencyIndex, questionIndex));
    answered++;
  }
  expect(user.lastMessage()?.text).toMatch(keyPattern(kk, 'survey360:review.title', {}, { name: '.*' }));
  if (options.submit === false) return;
  await user.tap(kk('survey360:review.submitButton'));
  await user.tap(kk('survey360:confirm.yesButton'));
  expect(user.messages().some((m) => m.text === kk('survey360:submitted'))).toBe(true);
}

import { Writable } from 'node:stream';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogDestination } from '../../src/logger.ts';
import type { SimulatedUser } from '../harness/index.ts';
import { answerQuestionnaire, PEOPLE, questionSlots, seedDepartment } from '../support/survey360.ts';
import { World } from '../support/world.ts';

/**
 * The attacker holds two copies of the database — one taken right after a respondent submits, one
 * after the close — plus every log line and every outbox item. With all of it, and even knowing the
 * exact order in which people submitted, no attack below may link a response to its respondent.
 * (The self-assessment is the evaluatee's own by design and is flagged as such: it is left out.)
 */

const HR_ID = 7100;
type Doc = Record<string, unknown>;
type Dump = Map<string, Doc[]>;

let world: World;
const logLines: string[] = [];
const users = new Map<string, SimulatedUser>();
const user = (number: string) => users.get(number)!;
const hr = () => world.api.user({ id: HR_ID, firstName: 'HR' });

/** A questionnaire the test has a respondent fill, with a code written into its first two answers. */
interface Planned {
  code: number;
  respondent: string;
  targetNumber: string;
  label: string;
  setId: 'heads' | 'staff';
  isSelf: boolean;
}
const TARGETS = ['1001', '1002', '1003'];
const plan: Planned[] = [];
/** Codes in the order of submission (the attacker is granted this knowledge). */
const submitted: number[] = [];
let dumpAtLaunch: Dump;
let dumpAfterSubmit: Dump;
let dumpAfterClose: Dump;

/** Every collection in natural order, as a copy of the database would hold it. */
async function dump(): Promise<Dump> {
  const db = world.db.db!;
  const out: Dump = new Map();
  for (const { name } of await db.listCollections().toArray())
    out.set(name, (await db.collection(name).find().toArray()) as Doc[]);
  return out;
}

const pointsOf = (code: number) => (competency: number, question: number) =>
  competency === 0 && question === 0
    ? 1 + Math.floor(code / 5)
    : competency === 0 && question === 1
      ? 1 + (code % 5)
      : 3;

function codeOf(response: Doc, setId: 'heads' | 'staff'): number {
  const [first, second] = questionSlots(setId);
  const answers = response.answers as Record<string, number>;
  return (answers[first!.question.id]! - 1) * 5 + (answers[second!.question.id]! - 1);
}

async function fill(item: Planned, options: { stopAfter?: number } = {}): Promise<void> {
  await answerQuestionnaire(user(item.respondent), item.label, item.setId, pointsOf(item.code), options);
  if (options.stopAfter === undefined) submitted.push(item.code);
}

async function remindAllOn(day: string): Promise<void> {
  world.setNow(new Date(`${day}T04:00:00Z`));
  await hr().send('/survey360');
  await hr().tap('🔔 Барлығына еске салу');
  // Reminding runs as a task after the update.
  await world.app.services.wakeTasks();
  await world.outboxSettled();
}

const respondentsOf = (number: string) => plan.filter((p) => p.respondent === number);

beforeAll(async () => {
  setLogDestination(
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  world = await new World({ adminIds: [HR_ID], logLevel: 'trace' }).start();
  world.setNow(new Date('2026-11-23T04:00:00Z'));
  await seedDepartment(world);
  for (const p of PEOPLE) users.set(p.number, world.api.user({ id: p.telegramId, firstName: p.name }));
  await hr().send('/survey360');
  await hr().tap('➕ 2026 жылға науқан құру');
  await hr().tap('🚀 Бастау');
  await world.outboxSettled();

  const { models } = world.app.services;
  for (const targetNumber of TARGETS) {
    const evaluatee = await models.Employee.findOne({ personnelNumber: targetNumber }).lean();
    const target = await models.SurveyTarget.findOne({ employeeId: evaluatee!._id }).lean();
    const assignments = await models.SurveyAssignment.find({ targetId: target!._id }).sort({ _id: 1 }).lean();
    for (const assignment of assignments) {
      const respondent = await models.Employee.findById(assignment.respondentId).lean();
      const isSelf = assignment.relation === 'self';
      plan.push({
        code: plan.length,
        respondent: respondent!.personnelNumber,
        targetNumber,
        label: isSelf ? 'Өзін-өзі бағалау' : evaluatee!.fullName,
        setId: target!.competencySetId as 'heads' | 'staff',
        isSelf,
      });
    }
  }
  dumpAtLaunch = await dump();

  // Day 1: everyone is reminded; Staff Two submits everything.
  await remindAllOn('2026-12-01');
  for (const item of respondentsOf('1003')) await fill(item);
  // Day 2: reminded again; Staff Four starts one questionnaire; Staff One submits; the first copy is taken.
  await remindAllOn('2026-12-02');
  const [started, ...rest] = respondentsOf('1005');
  await fill(started!, { stopAfter: 5 });
  for (const item of respondentsOf('1002')) await fill(item);
  dumpAfterSubmit = await dump();
  // Day 3: the others finish; HR closes; the second copy is taken.
  await remindAllOn('2026-12-03');
  for (const number of ['1004', '1001']) for (const item of respondentsOf(number)) await fill(item);
  for (const item of [started!, ...rest]) await fill(item);
  await hr().send('/survey360');
  await hr().tap('🏁 Аяқтау');
  await hr().tap('Иә, аяқтау');
  await world.outboxSettled();
  dumpAfterClose = await dump();
}, 240_000);

afterAll(async () => {
  setLogDestination(null);
  await world.stop();
});

const responses = () => dumpAfterClose.get('surveyresponses') ?? [];
const othersResponses = () => responses().filter((r) => r.isSelf === false);
const setOfTarget = (targetId: unknown) =>
  plan.find((p) => p.targetNumber === targetNumberOf(targetId))!.setId;
let targetNumbers: Map<string, string>;
function targetNumberOf(targetId: unknown): string {
  return targetNumbers.get(String(targetId))!;
}

describe('360 anonymity against copies of the database, the logs and the outbox', () => {
  beforeAll(async () => {
    const { models } = world.app.services;
    targetNumbers = new Map();
    for (const target of await models.SurveyTarget.find().lean()) {
      const employee = await models.Employee.findById(target.employeeId).lean();
      targetNumbers.set(String(target._id), employee!.personnelNumber);
    }
  });

  it('the campaign ran: every planned questionnaire became one response, the test can tell them apart', () => {
    expect(plan.filter((p) => !p.isSelf).length).toBeGreaterThanOrEqual(10);
    expect(submitted).toHaveLength(plan.length);
    const codes = responses().map((r) => codeOf(r, setOfTarget(r.targetId)));
    expect([...codes].sort((a, b) => a - b)).toEqual(plan.map((p) => p.code));
    expect(dumpAfterClose.get('surveysealedresponses') ?? []).toHaveLength(0);
    expect(dumpAfterClose.get('surveydrafts') ?? []).toHaveLength(0);
  });

  it('natural order: the responses are not in the order of submission', () => {
    // The attacker's guess: the k-th response in the collection is the k-th submitted questionnaire.
    const order = othersResponses().map((r) => codeOf(r, setOfTarget(r.targetId)));
    const submittedOthers = submitted.filter((code) => !plan[code]!.isSelf);
    expect(order).toHaveLength(submittedOthers.length);
    // A shuffle of 10 or more gives the submission order back with probability below 1/3,628,800.
    expect(order).not.toEqual(submittedOthers);
    // Per evaluatee, too: the order among one person's responses is not the order of submission everywhere.
    const perTarget = (codes: number[]) =>
      TARGETS.map((t) => codes.filter((c) => plan[c]!.targetNumber === t && !plan[c]!.isSelf));
    expect(perTarget(order)).not.toEqual(perTarget(submittedOthers));
  });

  it('natural order before the close: the newest sealed piece is the last submitter, and it leads nowhere', () => {
    const sealed = dumpAfterSubmit.get('surveysealedresponses') ?? [];
    expect(sealed.length).toBe(respondentsOf('1003').length + respondentsOf('1002').length);
    expect(dumpAfterSubmit.get('surveyresponses') ?? []).toHaveLength(0);
    const released = JSON.stringify(dumpAfterClose.get('surveyresponses'));
    for (const piece of sealed) {
      for (const value of [piece._id, piece.submissionMac, piece.box])
        expect(released).not.toContain(String(value));
      // The box is opaque: neither a question id nor an answer in clear.
      expect(String(piece.box)).toMatch(/^v1:[\w-]+$/);
    }
    // Sealed pieces of one questionnaire set all have one length: the length tells nothing either.
    expect(new Set(sealed.map((p) => String(p.box).length)).size).toBeLessThanOrEqual(2);
  });

  it('reminder counts: every reminder says the same to everyone on every day', () => {
    const items = [
      ...(dumpAfterSubmit.get('outboxitems') ?? []),
      ...(dumpAfterClose.get('outboxitems') ?? []),
    ];
    const reminders = items.filter((i) => i.kind === 'remind360');
    const people = new Set(reminders.map((i) => i.chatId));
    expect(people.size).toBeGreaterThanOrEqual(4);
    const texts = new Set(reminders.map((i) => (i.payload as { text: string }).text));
    expect(texts.size).toBe(1);
    // And the bot's messages as delivered: the same single text.
    const delivered = new Set(
      PEOPLE.flatMap((p) =>
        world.api
          .chatMessages(p.telegramId)
          .filter((m) => m.sender === 'bot' && m.text?.startsWith('Еске салу'))
          .map((m) => m.text),
      ),
    );
    expect([...delivered]).toEqual([...texts]);
  });

  it('timestamps: a response or a sealed piece carries no time to match against anyone', () => {
    const pieces = [...(dumpAfterSubmit.get('surveysealedresponses') ?? []), ...responses()];
    for (const piece of pieces) {
      const { campaignId: _c, targetId: _t, answers: _a, ...own } = piece;
      for (const value of Object.values(own)) {
        expect(value instanceof Date).toBe(false);
        expect(value instanceof Types.ObjectId, 'an ObjectId carries its creation second').toBe(false);
        expect(String(value)).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4}/);
      }
    }
  });

  it('timestamps: nothing near the 360 flow keeps a per-person time, and identify wrote nothing', () => {
    const respondentIds = new Set(plan.map((p) => p.respondent));
    const employees = dumpAfterClose.get('employees') ?? [];
    const idsOf = new Map(employees.map((e) => [String(e.personnelNumber), e]));
    const telegramIds = new Set([...respondentIds].map((n) => idsOf.get(n)!.telegramId));
    const employeeIds = new Set([...respondentIds].map((n) => String(idsOf.get(n)!._id)));
    for (const dumped of [dumpAfterSubmit, dumpAfterClose]) {
      for (const collection of ['accounts', 'surveydrafts', 'surveyassignments', 'surveytargets']) {
        for (const doc of dumped.get(collection) ?? [])
          for (const value of Object.values(doc))
            expect(value instanceof Date, `${collection} keeps a time`).toBe(false);
      }
      // No audit entry by a respondent.
      for (const entry of dumped.get('auditlogs') ?? []) {
        expect(telegramIds.has(entry.telegramId as number)).toBe(false);
        expect(employeeIds.has(String(entry.employeeId))).toBe(false);
      }
      // No conversation state of a respondent's chat written during the campaign.
      for (const state of dumped.get('conversation_states') ?? []) {
        const chat = String(state._id).split(/\D+/).filter(Boolean).map(Number);
        expect(chat.some((id) => telegramIds.has(id))).toBe(false);
      }
    }
    // The respondents' accounts are byte for byte what they were before anyone answered.
    const accountsOf = (d: Dump) =>
      (d.get('accounts') ?? [])
        .filter((a) => telegramIds.has(a.telegramId as number))
        .map((a) => JSON.stringify(a));
    expect(accountsOf(dumpAfterClose)).toEqual(accountsOf(dumpAtLaunch));
  });

  it('ids and tokens: nothing in a response appears in the earlier copy, nor any token or fingerprint later', () => {
    const earlier = new Set<string>();
    const collect = (value: unknown): void => {
      if (value instanceof Types.ObjectId) earlier.add(value.toHexString());
      else if (typeof value === 'string' && value.length >= 8) earlier.add(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object' && !(value instanceof Date))
        Object.values(value).forEach(collect);
    };
    for (const [name, docs] of dumpAfterSubmit)
      if (!['surveycampaigns', 'surveytargets'].includes(name)) docs.forEach(collect);
    for (const response of responses()) expect(earlier.has(String(response._id))).toBe(false);
    // The draft in progress at the first copy (and its token) left no trace in the second.
    const drafts = dumpAfterSubmit.get('surveydrafts') ?? [];
    expect(drafts).toHaveLength(1);
    const later = JSON.stringify([...dumpAfterClose.values()]);
    for (const draft of drafts) {
      expect(later).not.toContain(String(draft.submissionToken));
      expect(later).not.toContain(String(draft._id));
      // Its answers were sealed: no number in clear.
      for (const box of Object.values(draft.answers as Doc)) expect(String(box)).toMatch(/^v1:/);
    }
    for (const piece of dumpAfterSubmit.get('surveysealedresponses') ?? []) {
      expect(later).not.toContain(String(piece.submissionMac));
      expect(later).not.toContain(String(piece._id));
    }
  });

  it('logs: no line names a respondent, their Telegram id, phone, or any draft, sealed piece or response', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('');
    const forbidden: string[] = [];
    for (const p of PEOPLE) forbidden.push(p.name, `+7701000${p.number}`);
    for (const e of dumpAfterClose.get('employees') ?? []) forbidden.push(String(e._id));
    for (const d of [dumpAfterSubmit, dumpAfterClose])
      for (const name of ['surveydrafts', 'surveysealedresponses', 'surveyresponses'])
        for (const doc of d.get(name) ?? []) forbidden.push(String(doc._id));
    for (const value of forbidden) expect(all, `a log line holds ${value}`).not.toContain(value);
    for (const p of PEOPLE) expect(all).not.toMatch(new RegExp(`(?<![\\d.])${p.telegramId}(?![\\d.])`));
  });
});

import { CAMPAIGN_FAMILIES, CAMPAIGN_SCHEMES } from '../evaluation/campaign-kinds.ts';
import { ITEM_ID_PLACEHOLDER } from '../notifications/outbox/enqueue.ts';
import { LANGUAGES } from '../people/models.ts';
import { MAX_CODE_LENGTH } from '../people/roster/columns.ts';

/**
 * Every button's callback data, built and parsed in one place. Each action is a template such as
 * `rk:{sheetId}:{step}:v{value}` with one typed field per placeholder; `build` refuses a value its
 * field does not accept and any result over Telegram's 64 bytes, `parse` gives back exactly what was
 * built (or null). A button names the document and the step it answers, so an old tap is recognisable.
 * Buttons on queued messages start with `ob:{itemId}`: the outbox puts the message's id there.
 *
 * Plain data, no bot framework: notifications build their buttons with it too.
 */

/** Telegram's limit on callback data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

export interface Field<T> {
  /** Regular expression source of the encoded value (no groups). */
  readonly source: string;
  /** The value with the longest encoding this field accepts: what the 64-byte budget is checked with. */
  readonly widest: T;
  encode(value: T): string;
  decode(text: string): T;
}

const field = <T>(
  source: string,
  widest: T,
  encode: (value: T) => string,
  decode: (text: string) => T,
): Field<T> => ({ source, widest, encode, decode });

const same = (text: string) => text;

/** The kinds of values a button may carry; each is bounded, so every callback fits in 64 bytes. */
export const fields = {
  /** A MongoDB ObjectId as 24 lower-case hex digits. */
  id: field<string>('[0-9a-f]{24}', 'f'.repeat(24), same, same),
  /** A page of a paged list, from 0. */
  page: field<number>('\\d{1,6}', 999_999, String, Number),
  /** A position, step or index: 0..999. */
  index: field<number>('\\d{1,3}', 999, String, Number),
  /** A score: 0..999 with at most two decimals. */
  score: field<number>('\\d{1,3}(?:\\.\\d{1,2})?', 999.99, String, Number),
  /** An organisation or methodology code as the roster normalises it. */
  code: field<string>(`[a-z0-9][a-z0-9-]{0,${MAX_CODE_LENGTH - 1}}`, 'a'.repeat(MAX_CODE_LENGTH), same, same),
  year: field<number>('\\d{4}', 9999, String, Number),
  /** A ranking period: `2026` or `2026-Q3`. */
  period: field<string>('\\d{4}(?:-Q[1-4])?', '9999-Q4', same, same),
  /** An Almaty calendar date, `2026-12-09` sent as `20261209`. */
  date: field<string>(
    '\\d{8}',
    '9999-12-31',
    (v) => v.replaceAll('-', ''),
    (t) => `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}`,
  ),
  flag: field<boolean>(
    '[01]',
    true,
    (v) => (v ? '1' : '0'),
    (t) => t === '1',
  ),
  oneOf: <const V extends readonly string[]>(values: V) =>
    field<V[number]>(
      values.map(escapeRegExp).join('|'),
      values.reduce((a, b) => (b.length > a.length ? b : a)),
      same,
      (t) => t as V[number],
    ),
};

/** Placeholders of a template: `a:{x}:{y}` → 'x' | 'y'. */
type Placeholders<S extends string> = S extends `${string}{${infer K}}${infer Rest}`
  ? K | Placeholders<Rest>
  : never;

type FieldsOf<S extends string> = { [K in Placeholders<S>]: Field<unknown> };
type ValuesOf<F> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

export interface CallbackAction<N extends string = string, T = unknown> {
  /** The action's name, e.g. `sheet.value`; parsed data carries it as `action`. */
  readonly name: N;
  readonly template: string;
  readonly fields: Readonly<Record<string, Field<unknown>>>;
  /** Matches this action's data only (anchored). */
  readonly pattern: RegExp;
  build(...values: NoValues<T> extends true ? [values?: T] : [values: T]): string;
  parse(data: string): T | null;
  /**
   * For a button on a queued message: the data with `{itemId}` left for the outbox to fill in
   * (checked against 64 bytes as if filled).
   */
  queued(values: Omit<T, 'itemId'>): string;
}

type NoValues<T> = keyof T extends never ? true : false;

/** Any action, whatever its values. */
export type AnyCallbackAction = CallbackAction<string, Record<string, unknown>>;

/** What a handler of several actions receives: the action's name and its values. */
export type Tapped<A> = A extends CallbackAction<infer N, infer T> ? { action: N } & T : never;

const OUTBOX_ITEM = 'itemId';
const SAMPLE_ITEM_ID = '0'.repeat(24);

function action<const N extends string, const S extends string, F extends FieldsOf<S>>(
  name: N,
  template: S,
  fieldsOfTemplate: F,
): CallbackAction<N, ValuesOf<F>> {
  type T = ValuesOf<F>;
  const parts = template.split(/(\{\w+\})/).filter(Boolean);
  const names: string[] = [];
  let source = '';
  for (const part of parts) {
    const placeholder = /^\{(\w+)\}$/.exec(part)?.[1];
    if (!placeholder) {
      source += escapeRegExp(part);
      continue;
    }
    const f = (fieldsOfTemplate as Record<string, Field<unknown>>)[placeholder];
    if (!f) throw new Error(`callback ${name}: no field for {${placeholder}}`);
    names.push(placeholder);
    source += `(${f.source})`;
  }
  const extra = Object.keys(fieldsOfTemplate).filter((key) => !names.includes(key));
  if (extra.length > 0) throw new Error(`callback ${name}: fields not in the template: ${extra.join(', ')}`);
  const fieldOf = (key: string) => (fieldsOfTemplate as Record<string, Field<unknown>>)[key]!;
  const pattern = new RegExp(`^${source}$`);

  const fill = (values: Record<string, unknown>, keep: readonly string[]) => {
    let data = '';
    for (const part of parts) {
      const placeholder = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!placeholder) data += part;
      else if (keep.includes(placeholder)) data += part;
      else {
        const f = fieldOf(placeholder);
        const text = f.encode(values[placeholder]);
        if (!new RegExp(`^(?:${f.source})$`).test(text))
          throw new Error(`callback ${name}: {${placeholder}} does not accept ${JSON.stringify(text)}`);
        data += text;
      }
    }
    return data;
  };
  const checkSize = (data: string) => {
    if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES)
      throw new Error(`callback ${name}: ${data.length} bytes is over Telegram's ${CALLBACK_DATA_MAX_BYTES}`);
    return data;
  };

  return {
    name,
    template,
    fields: fieldsOfTemplate,
    pattern,
    build: (...args) => checkSize(fill((args[0] ?? {}) as Record<string, unknown>, [])),
    parse(data) {
      const match = pattern.exec(data);
      if (!match) return null;
      const values: Record<string, unknown> = {};
      names.forEach((key, i) => {
        values[key] = fieldOf(key).decode(match[i + 1]!);
      });
      return values as T;
    },
    queued(values) {
      if (!names.includes(OUTBOX_ITEM)) throw new Error(`callback ${name}: not a queued message's button`);
      const data = fill(values as Record<string, unknown>, [OUTBOX_ITEM]);
      checkSize(data.replace(`{${OUTBOX_ITEM}}`, SAMPLE_ITEM_ID));
      return data.replace(`{${OUTBOX_ITEM}}`, ITEM_ID_PLACEHOLDER);
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const { id, page, index, score, code, year, period, date, flag, oneOf } = fields;
const none = {};

/** Register filters of the HR console (short on the wire). */
export const REGISTER_FILTERS = ['all', 'unack', 'undeliv'] as const;

/** Every button the bot shows, one entry per action, grouped by flow. */
export const callbacks = {
  language: {
    choose: action('language.choose', 'lang:{lang}', { lang: oneOf(LANGUAGES) }),
  },
  /** The respondent's 360 questionnaire. */
  survey: {
    list: action('survey.list', 's3:l', none),
    listPage: action('survey.listPage', 's3:l:{page}', { page }),
    listFromNotice: action('survey.listFromNotice', 'ob:{itemId}:s3list', { itemId: id }),
    open: action('survey.open', 's3:o:{assignmentId}', { assignmentId: id }),
    answer: action('survey.answer', 's3:a:{draftId}:{position}:{value}', {
      draftId: id,
      position: index,
      value: score,
    }),
    back: action('survey.back', 's3:b:{draftId}:{position}', { draftId: id, position: index }),
    later: action('survey.later', 's3:p:{draftId}', { draftId: id }),
    go: action('survey.go', 's3:g:{draftId}', { draftId: id }),
    change: action('survey.change', 's3:c:{draftId}', { draftId: id }),
    changeCompetency: action('survey.changeCompetency', 's3:k:{draftId}:{competency}', {
      draftId: id,
      competency: index,
    }),
    submit: action('survey.submit', 's3:s:{draftId}', { draftId: id }),
    confirm: action('survey.confirm', 's3:y:{draftId}', { draftId: id }),
    review: action('survey.review', 's3:r:{draftId}', { draftId: id }),
  },
  /** HR's 360 campaign console. */
  surveyHr: {
    create: action('surveyHr.create', 's3h:new:{organisationCode}:{year}', { organisationCode: code, year }),
    targets: action('surveyHr.targets', 's3h:targets:{campaignId}', { campaignId: id }),
    targetsPage: action('surveyHr.targetsPage', 's3h:targets:{campaignId}:{page}', { campaignId: id, page }),
    target: action('surveyHr.target', 's3h:t:{targetId}', { targetId: id }),
    removeRespondent: action('surveyHr.removeRespondent', 's3h:rm:{assignmentId}', { assignmentId: id }),
    launch: action('surveyHr.launch', 's3h:launch:{campaignId}', { campaignId: id }),
    progress: action('surveyHr.progress', 's3h:progress:{campaignId}', { campaignId: id }),
    progressPage: action('surveyHr.progressPage', 's3h:progress:{campaignId}:{page}', {
      campaignId: id,
      page,
    }),
    remind: action('surveyHr.remind', 's3h:remind:{campaignId}', { campaignId: id }),
    close: action('surveyHr.close', 's3h:close:{campaignId}', { campaignId: id }),
    closeConfirmed: action('surveyHr.closeConfirmed', 's3h:closeYes:{campaignId}', { campaignId: id }),
    results: action('surveyHr.results', 's3h:results:{campaignId}', { campaignId: id }),
    resultsPage: action('surveyHr.resultsPage', 's3h:results:{campaignId}:{page}', { campaignId: id, page }),
    result: action('surveyHr.result', 's3h:r:{targetId}', { targetId: id }),
  },
  /** The evaluator's ranking and KPI sheets; `{step}` is the step the button answers. */
  sheet: {
    list: action('sheet.list', 'rk:l', none),
    listPage: action('sheet.listPage', 'rk:l:{page}', { page }),
    listFromNotice: action('sheet.listFromNotice', 'ob:{itemId}:rklist', { itemId: id }),
    open: action('sheet.open', 'rk:o:{sheetId}', { sheetId: id }),
    openFromNotice: action('sheet.openFromNotice', 'ob:{itemId}:rko:{sheetId}', { itemId: id, sheetId: id }),
    value: action('sheet.value', 'rk:{sheetId}:{step}:v{value}', { sheetId: id, step: index, value: score }),
    skip: action('sheet.skip', 'rk:{sheetId}:{step}:k', { sheetId: id, step: index }),
    sanction: action('sheet.sanction', 'rk:{sheetId}:{step}:s{choice}', {
      sheetId: id,
      step: index,
      choice: index,
    }),
    fulfilled: action('sheet.fulfilled', 'rk:{sheetId}:{step}:f{fulfilled}', {
      sheetId: id,
      step: index,
      fulfilled: flag,
    }),
    back: action('sheet.back', 'rk:{sheetId}:{step}:b', { sheetId: id, step: index }),
    change: action('sheet.change', 'rk:{sheetId}:{step}:c', { sheetId: id, step: index }),
    goTo: action('sheet.goTo', 'rk:{sheetId}:{step}:g{target}', { sheetId: id, step: index, target: index }),
    summary: action('sheet.summary', 'rk:{sheetId}:{step}:r', { sheetId: id, step: index }),
    submit: action('sheet.submit', 'rk:{sheetId}:{step}:u', { sheetId: id, step: index }),
    confirm: action('sheet.confirm', 'rk:{sheetId}:{step}:y', { sheetId: id, step: index }),
  },
  /** The evaluator's superior on a submitted sheet (Chapter 6). */
  review: {
    agree: action('review.agree', 'ob:{itemId}:rkra:{sheetId}', { itemId: id, sheetId: id }),
    sendBack: action('review.sendBack', 'ob:{itemId}:rkrr:{sheetId}', { itemId: id, sheetId: id }),
  },
  /** The higher superior's decision on a version of a head's individual work plan (KPIs). */
  kpiPlan: {
    approve: action('kpiPlan.approve', 'ob:{itemId}:kpa:{versionId}', { itemId: id, versionId: id }),
    sendBack: action('kpiPlan.sendBack', 'ob:{itemId}:kpr:{versionId}', { itemId: id, versionId: id }),
  },
  /** HR's ranking campaigns. */
  rankingHr: {
    create: action('rankingHr.create', 'rkh:new:{organisationCode}:{period}', {
      organisationCode: code,
      period,
    }),
    /** A page of the campaign summary. */
    summaryPage: action('rankingHr.summaryPage', 'rkh:sum:{campaignId}:{page}', { campaignId: id, page }),
    finalise: action('rankingHr.finalise', 'rkh:fin:{campaignId}', { campaignId: id }),
    finaliseConfirmed: action('rankingHr.finaliseConfirmed', 'rkh:fiy:{campaignId}', { campaignId: id }),
  },
  /** HR's /hr console. */
  console: {
    import: action('console.import', 'hr:import', none),
    campaigns: action('console.campaigns', 'hr:360', none),
    remind: action('console.remind', 'hr:remind', none),
    register: action('console.register', 'hr:reg:{filter}', { filter: oneOf(REGISTER_FILTERS) }),
    registerPage: action('console.registerPage', 'hr:reg:{filter}:{page}', {
      filter: oneOf(REGISTER_FILTERS),
      page,
    }),
    appeals: action('console.appeals', 'hr:appeals', none),
    export: action('console.export', 'hr:xlsx', none),
    /** The HR head's audit log: the console's button opens the first page, the pager turns pages. */
    auditLog: action('console.auditLog', 'hr:aud', none),
    auditPage: action('console.auditPage', 'hr:aud:{page}', { page }),
    auditExport: action('console.auditExport', 'hr:audx', none),
  },
  /** HR's new-campaign wizard (a conversation): each button names the step it answers. */
  campaignWizard: {
    start: action('campaignWizard.start', 'cw:new', none),
    family: action('campaignWizard.family', 'cw:f:{family}', { family: oneOf(CAMPAIGN_FAMILIES) }),
    scheme: action('campaignWizard.scheme', 'cw:m:{methodologyId}:{scheme}', {
      methodologyId: code,
      scheme: oneOf(CAMPAIGN_SCHEMES),
    }),
    period: action('campaignWizard.period', 'cw:p:{period}', { period }),
    confirm: action('campaignWizard.confirm', 'cw:ok', none),
    cancel: action('campaignWizard.cancel', 'cw:x', none),
  },
  /** An administrator's choice of the body HR actions run in. */
  scope: {
    page: action('scope.page', 'scp:p:{page}', { page }),
    choose: action('scope.choose', 'scp:{organisationId}', { organisationId: id }),
  },
  /** A result on paper: the PDF of a sheet or of a 360 result, for whom mayView lets see it. */
  papers: {
    sheet: action('papers.sheet', 'pdf:s:{sheetId}', { sheetId: id }),
    result360: action('papers.result360', 'pdf:t:{targetId}', { targetId: id }),
  },
  /** Result notices and other queued messages. */
  notice: {
    /** The plain "I have read it" button the outbox adds to a queued message. */
    read: action('notice.read', 'ob:{itemId}', { itemId: id }),
    acknowledge: action('notice.acknowledge', 'ob:{itemId}:ack', { itemId: id }),
    refuse: action('notice.refuse', 'ob:{itemId}:refuse', { itemId: id }),
    appeal: action('notice.appeal', 'ntc:appeal:{noticeId}', { noticeId: id }),
  },
  /** The Commission (Chapter 6): members vote on the cases, the authorised person approves. */
  commission: {
    cases: action('commission.cases', 'cm:m:{meetingId}:{page}', { meetingId: id, page }),
    casesFromNotice: action('commission.casesFromNotice', 'ob:{itemId}:cmm:{meetingId}', {
      itemId: id,
      meetingId: id,
    }),
    case: action('commission.case', 'cm:c:{caseId}', { caseId: id }),
    approve: action('commission.approve', 'cm:a:{caseId}', { caseId: id }),
    revise: action('commission.revise', 'cm:r:{caseId}', { caseId: id }),
    reviseTo: action('commission.reviseTo', 'cm:r:{caseId}:{count}', { caseId: id, count: index }),
    close: action('commission.close', 'cm:x:{meetingId}', { meetingId: id }),
    authorise: action('commission.authorise', 'ob:{itemId}:cmok:{meetingId}', { itemId: id, meetingId: id }),
    protocol: action('commission.protocol', 'cm:pdf:{meetingId}', { meetingId: id }),
    protocolFromNotice: action('commission.protocolFromNotice', 'ob:{itemId}:cmp:{meetingId}', {
      itemId: id,
      meetingId: id,
    }),
    /** Kentau: HR records how (the route's channel, by position) and when a refused result went out. */
    delivered: action('commission.delivered', 'cm:dl:{noticeId}:{channel}:{date}', {
      noticeId: id,
      channel: index,
      date,
    }),
  },
  /** The appeal's confirmation: it names the notice, so an old confirmation files nothing. */
  appeal: {
    submit: action('appeal.submit', 'apl:y:{noticeId}', { noticeId: id }),
    cancel: action('appeal.cancel', 'apl:n:{noticeId}', { noticeId: id }),
  },
  /** A calibration case: the authorised person's decision, the members' votes, arguments, the protocol. */
  calibration: {
    hold: action('calibration.hold', 'cal:h:{caseId}', { caseId: id }),
    refuse: action('calibration.refuse', 'cal:r:{caseId}', { caseId: id }),
    confirm: action('calibration.confirm', 'cal:y:{caseId}', { caseId: id }),
    redo: action('calibration.redo', 'cal:n:{caseId}', { caseId: id }),
    vote: action('calibration.vote', 'cal:v:{caseId}:{vote}', {
      caseId: id,
      vote: oneOf(['keep', 'up', 'down'] as const),
    }),
    argue: action('calibration.argue', 'cal:a:{caseId}', { caseId: id }),
    protocol: action('calibration.protocol', 'cal:p:{caseId}', { caseId: id }),
    filed: action('calibration.filed', 'cal:f:{caseId}', { caseId: id }),
  },
} as const;

/** Every action of the registry, flat. */
export const allCallbackActions: readonly AnyCallbackAction[] = Object.values(callbacks).flatMap(
  (flow) => Object.values(flow) as AnyCallbackAction[],
);

/** Parses data against several actions; the first that accepts it names itself in `action`. */
export function parseTapped<const A extends readonly AnyCallbackAction[]>(
  actions: A,
  data: string,
): Tapped<A[number]> | null {
  for (const candidate of actions) {
    const values = candidate.parse(data);
    if (values) return { action: candidate.name, ...values } as Tapped<A[number]>;
  }
  return null;
}

/** One pattern matching any action of a flow (e.g. to refuse all of HR's buttons to non-HR). */
export function anyOf(flow: Record<string, AnyCallbackAction>): RegExp {
  return new RegExp(
    Object.values(flow)
      .map((a) => a.pattern.source)
      .join('|'),
  );
}

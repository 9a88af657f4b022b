import type { Lang, Localized } from '../evaluation/scoring/types.ts';
import type { Translate } from '../i18n/index.ts';

// Inputs of the documents. Plain data, no database documents: the caller reads the sheet, notice,
// session or commission, resolves people to names, and passes methodology texts as they are in the data
// file (Localized: one input renders in both languages). Dates are Almaty calendar dates 'YYYY-MM-DD';
// periods are the stored codes '2026-Q3' (a quarter) or '2026' (a year).

export type { Lang, Localized };

/** The language and translator a document is rendered with. */
export interface DocumentLocale {
  lang: Lang;
  /** i18next's t for `lang` (Translator.forLanguage(lang)). */
  t: Translate;
}

export interface DocumentPerson {
  fullName: string;
  position?: string | null;
  unit?: string | null;
  personnelNumber?: string | null;
}

/** A band as the methodology data holds it (BandRule fits). */
export interface BandLabel {
  label: Localized;
}

/** What every evaluation sheet shares. */
export interface SheetCommon {
  /** Methodology id of the data file: selects the seed's appendix note and signature lines. */
  methodologyId: string;
  /** The state body (methodology `organization`). */
  organisation: Localized;
  period: string;
  employee: DocumentPerson;
  evaluator: DocumentPerson | null;
  participation: 'full' | 'withoutParticipation';
  /** Why the evaluation went on without the employee (already localized, e.g. the ranking reason label). */
  participationReason?: string | null;
  /** The day the evaluator submitted the sheet: their date line. */
  evaluatedOn?: string | null;
  /** The day the employee acknowledged the result: the "acquainted" date line. */
  acquaintedOn?: string | null;
}

export interface RankingParameterLine {
  title: Localized;
  criteria?: Localized | null;
  score: number | null;
  justification?: string | null;
}

/** A filled ranking (saralau) sheet: Almaty city Appendix 4, Justice Appendices 1-2, the maslikhats' form. */
export interface RankingSheetInput extends SheetCommon {
  form: {
    /** The form's id in the data file (Justice: `leadership` / `non-leadership`). */
    id: string;
    title: Localized;
    scale: { min: number; max: number };
    /** Column title of the evaluator's text (justification / comment); absent: no text column. */
    justificationLabel?: Localized | null;
  };
  parameters: RankingParameterLine[];
  /**
   * The disciplinary sanction of the quarter where the form caps a parameter (Justice): the cap note is
   * printed. null: no sanction; absent: the form asks none.
   */
  sanction?: { label: Localized; maxScore: number; parameterTitle: Localized } | null;
  average: number | null;
  band: BandLabel | null;
}

export interface KpiLine {
  title: string;
  unit?: string | null;
  planned: number | null;
  actual: number | null;
  lowerIsBetter?: boolean;
  percent: number | null;
  score: number | null;
}

/** A head's KPI (NMI) sheet with the percent table: Almaty city Appendix 2. */
export interface KpiSheetInput extends SheetCommon {
  kpis: KpiLine[];
  average: number | null;
  band: BandLabel | null;
}

export interface Chapter6KpiLine {
  title: string;
  unit?: string | null;
  planned: number | null;
  actual: number | null;
  fulfilled: boolean | null;
}

/** The yearly Chapter 6 KPI sheet (fulfilled count): Almaty region and Köksu maslikhats. */
export interface Chapter6SheetInput extends SheetCommon {
  kpis: Chapter6KpiLine[];
  fulfilledCount: number | null;
  band: BandLabel | null;
  /** The higher superior's review: agreed on a day (their signature line). */
  review?: { reviewer: DocumentPerson; agreedOn: string | null } | null;
}

export interface CompetencyLine {
  title: Localized;
  /** Respondents' average (self-assessment excluded); null when nobody answered it. */
  average: number | null;
  /** The self-assessment, shown but not counted. */
  selfAverage: number | null;
}

/** A 360 result: Almaty city Appendices 7 (heads) and 8 (staff). */
export interface Result360Input {
  methodologyId: string;
  organisation: Localized;
  year: number;
  employee: DocumentPerson;
  /** Which result form: unit heads or corps "B" staff. */
  audience: 'heads' | 'staff';
  competencies: CompetencyLine[];
  overall: number;
  band: BandLabel;
  respondentCount: number;
  /** The competencies with the lowest averages, as the seed asks HR to consider for training. */
  lowest?: Localized[];
  /** The radar chart (src/evaluation/radar renderRadarPng), or null to leave it out. */
  radarPng?: Uint8Array | null;
  /** The day the result was computed. */
  computedOn?: string | null;
}

/** Which evaluation a result, an appeal or a refusal is about. */
export type EvaluationKind = 'ranking' | 'kpi' | 'chapter6' | 'result360' | 'annual';

export interface EvaluationResultRef {
  kind: EvaluationKind;
  period: string;
  score: number | null;
  band: BandLabel | null;
}

export type CalibrationVote = 'keep' | 'up' | 'down';

export interface CalibrationMember {
  person: DocumentPerson;
  /** The member's place in the session (Justice adds evaluators and the HR head). */
  role: 'chair' | 'member' | 'evaluator' | 'hrHead';
  /** null: did not vote (absent). */
  vote: CalibrationVote | null;
  /** The score the member proposes with "up" or "down". */
  proposedScore?: number | null;
}

/** The calibration session protocol (Almaty city, Justice): members, case, votes, decision, dates. */
export interface CalibrationProtocolInput {
  methodologyId: string;
  organisation: Localized;
  number?: string | null;
  employee: DocumentPerson;
  evaluator: DocumentPerson | null;
  result: EvaluationResultRef;
  statementFiledOn: string;
  /** The employee's statement, as filed. */
  statement?: string | null;
  /** The authorised person who decided to hold the session and approved its members. */
  authorised?: DocumentPerson | null;
  decidedOn?: string | null;
  sessionOn: string;
  members: CalibrationMember[];
  /** Written arguments given before the session. */
  arguments?: { evaluator?: string | null; employee?: string | null };
  decision: { outcome: 'kept' | 'corrected'; score: number; band: BandLabel };
  /** Who keeps the protocol (HR), and the last day to file it. */
  secretary?: DocumentPerson | null;
  fileBy?: string | null;
}

export type CommissionRole = 'chair' | 'member' | 'secretary';

export interface CommissionMember {
  person: DocumentPerson;
  role: CommissionRole;
  present: boolean;
}

export interface CommissionCase {
  employee: DocumentPerson;
  result: EvaluationResultRef;
  decision: 'approve' | 'revise';
  /** The result the Commission set (the protocol's 'corrected by the Commission' column), with a decision to revise. */
  revised?: { score: number | null; band: BandLabel } | null;
  /** Open vote: how many voted to approve and to revise; the chair's casting vote when tied. */
  votes?: { approve: number; revise: number; chairCasting?: boolean } | null;
}

/** The Commission protocol: Appendix 11 of the typical methodology (Almaty region; Köksu: its Appendix 3). */
export interface CommissionProtocolInput {
  methodologyId: string;
  organisation: Localized;
  number?: string | null;
  meetingOn: string;
  /** The evaluated period of the cases (a year for Chapter 6). */
  period: string;
  /** Kind of evaluation, for the protocol's heading. */
  kind: EvaluationKind;
  members: CommissionMember[];
  quorumReached: boolean;
  cases: CommissionCase[];
  /** The authorised person who approves the results (line 168 of seed 000). */
  approvedBy?: DocumentPerson | null;
  approvedOn?: string | null;
}

/** Where Kentau sends the result after a refusal (seed 003, lines 43-47). */
export type RefusalDeliveryChannel = 'intranet' | 'hrDatabase' | 'documentFlow';

/** Kentau's act of refusal to acknowledge the result, signed by the HR officer and two witnesses. */
export interface RefusalActInput {
  methodologyId: string;
  organisation: Localized;
  number?: string | null;
  employee: DocumentPerson;
  result: EvaluationResultRef;
  /** The day the result was delivered to the employee. */
  deliveredOn?: string | null;
  refusedOn: string;
  actOn: string;
  hrOfficer: DocumentPerson;
  witnesses: DocumentPerson[];
  /** How and when the result went out afterwards, when HR has recorded it. */
  sentAfterRefusal?: { channel: RefusalDeliveryChannel; on: string } | null;
}

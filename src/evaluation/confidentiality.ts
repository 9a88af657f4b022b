import type { Types } from 'mongoose';
import type { Models } from '../db/models.ts';
import { getMethodology, type Methodology } from '../methodology/index.ts';
import { type Actor, isHrHead, isHrStaff } from '../people/access.ts';
import type { RankingSheetDoc } from './ranking/models.ts';

/** What one kind of viewer may see, as the methodology's confidentiality paragraph puts it. */
export type ViewScope =
  | 'ownResults'
  | 'sheetsTheyFilled'
  | 'organisationResults'
  | 'casesTheySitOnDuringTheCase'
  | 'casesRoutedToThem'
  | 'progressAndDelivery'
  | 'nothing';

export type ViewerRelation =
  | 'evaluatee'
  | 'evaluator'
  | 'hrHead'
  | 'caseMember'
  | 'authorisedPerson'
  | 'hrOfficer'
  | 'admin';

export interface Confidentiality {
  classification: 'strictlyConfidential' | 'confidential';
  viewers: Record<ViewerRelation, ViewScope>;
  /** Disclosures beyond the viewers; they need a recorded decision and grant nothing here by themselves. */
  exceptions: ('officialNecessity' | 'accessToInformationLaw')[];
}

/**
 * Almaty city methodology (paragraph 21): results are known only to the evaluatee, the evaluator, the
 * head of the HR service and the calibration session's participants; strictly confidential (paragraph 16).
 * HR officers run campaigns; administrators run the bot.
 */
const SEED_VIEWERS: Confidentiality['viewers'] = {
  evaluatee: 'ownResults',
  evaluator: 'sheetsTheyFilled',
  hrHead: 'organisationResults',
  caseMember: 'casesTheySitOnDuringTheCase',
  authorisedPerson: 'casesRoutedToThem',
  hrOfficer: 'progressAndDelivery',
  admin: 'nothing',
};

/** Justice (paragraph 13): confidential, with the exception of official necessity. */
const JUSTICE_PREFIX = 'justice-';

/**
 * The methodology's confidentiality rules: its own section when the data has one, else the seeds'
 * defaults. Unknown methodologies get the strictest reading.
 */
export function confidentialityOf(methodology: Methodology | undefined): Confidentiality {
  const own = (methodology as { confidentiality?: Confidentiality } | undefined)?.confidentiality;
  if (own) return own;
  if (methodology?.id.startsWith(JUSTICE_PREFIX))
    return {
      classification: 'confidential',
      viewers: SEED_VIEWERS,
      exceptions: ['officialNecessity', 'accessToInformationLaw'],
    };
  return {
    classification: 'strictlyConfidential',
    viewers: SEED_VIEWERS,
    exceptions: ['accessToInformationLaw'],
  };
}

/** A calibration session or commission case about a result, while it runs. */
export interface ResultCase {
  memberIds: readonly Types.ObjectId[];
  authorisedPersonId: Types.ObjectId | null;
}

/** A result, as far as deciding who may see it needs. */
export interface ResultDocument {
  kind: 'survey360' | 'ranking';
  /** SurveyTarget or RankingSheet id: what the audit log names. */
  id: string;
  organisationCode: string;
  methodologyId: string | null;
  evaluateeId: Types.ObjectId;
  /** Who filled the sheet. A 360 result has none: respondents are anonymous and see no result. */
  evaluatorId: Types.ObjectId | null;
  /**
   * Chapter 6: the evaluator's superior, who agrees or returns the filled sheet; they take part in
   * filling it, so the evaluator's rule covers them.
   */
  reviewerId: Types.ObjectId | null;
  openCase: ResultCase | null;
}

export type ViewDecision = { allowed: true; as: ViewerRelation } | { allowed: false };

/** The scope that lets each relation see a result. */
const GRANTED_BY: Record<ViewerRelation, ViewScope> = {
  evaluatee: 'ownResults',
  evaluator: 'sheetsTheyFilled',
  hrHead: 'organisationResults',
  caseMember: 'casesTheySitOnDuringTheCase',
  authorisedPerson: 'casesRoutedToThem',
  hrOfficer: 'organisationResults',
  admin: 'organisationResults',
};

/**
 * The one decision on who sees a result, for every screen, export and notice. The actor's relations
 * to the document are tried in order; the first the methodology grants decides (and names the
 * capacity, for the audit log). Anyone else sees nothing.
 */
export function mayView(actor: Actor, document: ResultDocument): ViewDecision {
  const { viewers } = confidentialityOf(
    document.methodologyId ? getMethodology(document.methodologyId) : undefined,
  );
  for (const relation of relationsOf(actor, document)) {
    if (viewers[relation] === GRANTED_BY[relation]) return { allowed: true, as: relation };
  }
  return { allowed: false };
}

function relationsOf(actor: Actor, document: ResultDocument): ViewerRelation[] {
  const me = actor.employee?._id;
  const relations: ViewerRelation[] = [];
  if (me?.equals(document.evaluateeId)) relations.push('evaluatee');
  if (me && (document.evaluatorId?.equals(me) || document.reviewerId?.equals(me)))
    relations.push('evaluator');
  const ownBody = actor.employee?.organisationCode === document.organisationCode;
  if (ownBody && isHrHead(actor)) relations.push('hrHead');
  if (me && document.openCase?.memberIds.some((id) => id.equals(me))) relations.push('caseMember');
  if (me && document.openCase?.authorisedPersonId?.equals(me)) relations.push('authorisedPerson');
  if (ownBody && isHrStaff(actor) && !isHrHead(actor)) relations.push('hrOfficer');
  if (actor.isAdmin && actor.chosenScope === document.organisationCode) relations.push('admin');
  return relations;
}

/**
 * The open calibration case about a ranking or KPI sheet: its members, and the authorised person it was
 * routed to, see the result while the case runs (until the decision). 360 results have no case.
 */
export async function caseOfResult(
  models: Models,
  kind: ResultDocument['kind'],
  id: string,
): Promise<ResultCase | null> {
  if (kind !== 'ranking' || !/^[0-9a-f]{24}$/.test(id)) return null;
  const open = await models.CalibrationCase.findOne(
    { sheetId: id, state: { $in: ['awaitingDecision', 'scheduled'] } },
    { members: 1, routedTo: 1, decidedBy: 1 },
  ).lean();
  if (!open) return null;
  return {
    memberIds: open.members.map((m) => m.employeeId),
    authorisedPersonId: open.decidedBy ?? open.routedTo[0] ?? null,
  };
}

/** A ranking or KPI sheet as a result document. */
export async function sheetDocument(
  models: Models,
  sheet: Pick<
    RankingSheetDoc,
    'organisationCode' | 'employeeId' | 'evaluatorId' | 'review' | 'campaignId'
  > & { _id: Types.ObjectId },
  methodologyId?: string | null,
): Promise<ResultDocument> {
  const method =
    methodologyId ??
    (await models.RankingCampaign.findById(sheet.campaignId, { methodologyId: 1 }).lean())?.methodologyId ??
    null;
  return {
    kind: 'ranking',
    id: String(sheet._id),
    organisationCode: sheet.organisationCode,
    methodologyId: method,
    evaluateeId: sheet.employeeId,
    evaluatorId: sheet.evaluatorId ?? null,
    reviewerId: sheet.review?.reviewerId ?? null,
    openCase: await caseOfResult(models, 'ranking', String(sheet._id)),
  };
}

/** An evaluatee's 360 result as a result document; null when the target or its campaign is gone. */
export async function survey360Document(models: Models, targetId: string): Promise<ResultDocument | null> {
  const target = await models.SurveyTarget.findById(targetId, { campaignId: 1, employeeId: 1 }).lean();
  const campaign =
    target &&
    (await models.SurveyCampaign.findById(target.campaignId, {
      organisationCode: 1,
      methodologyId: 1,
    }).lean());
  if (!target || !campaign) return null;
  return {
    kind: 'survey360',
    id: String(target._id),
    organisationCode: campaign.organisationCode,
    methodologyId: campaign.methodologyId ?? null,
    evaluateeId: target.employeeId,
    evaluatorId: null,
    reviewerId: null,
    openCase: await caseOfResult(models, 'survey360', String(target._id)),
  };
}

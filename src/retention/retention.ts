import { Types } from 'mongoose';
import { addDays, almatyDateOf, type IsoDate } from '../calendar/index.ts';
import { formatDate, periodWords } from '../i18n/format.ts';
import { getMethodology } from '../methodology/index.ts';
import { alertHr } from '../notifications/hr-alerts.ts';
import { recordAudit } from '../people/audit.ts';
import type { AppServices } from '../services.ts';
import { deletableFrom } from './periods.ts';

/** HR is warned this many days before a campaign's documents go, so they can export what they need. */
export const WARN_DAYS_BEFORE = 30;

interface CampaignRef {
  id: string;
  kind: 'survey360' | 'ranking' | 'annual';
  organisationCode: string;
  period: string;
  methodologyId: string;
}

/**
 * The daily retention job: every campaign whose period ended more than the methodology's
 * `retentionYears` ago is deleted with everything about it (answers, sheets, plans, notices, appeals,
 * protocols, outbox texts, tasks, audit entries naming it), then one audit line records the batch.
 * Campaigns due within 30 days are announced to HR once. Returns what it deleted.
 */
export async function applyRetention(
  services: AppServices,
): Promise<{ deleted: string[]; warned: string[] }> {
  const today = almatyDateOf(services.now());
  const deleted: string[] = [];
  const warned: string[] = [];
  for (const campaign of await campaigns(services)) {
    const years = getMethodology(campaign.methodologyId)?.deadlines.retentionYears;
    if (!years) continue;
    const from = deletableFrom(campaign.period, years);
    if (today >= from) {
      await deleteCampaign(services, campaign, from);
      deleted.push(campaign.id);
    } else if (addDays(today, WARN_DAYS_BEFORE) >= from) {
      await warnHr(services, campaign, from);
      warned.push(campaign.id);
    }
  }
  return { deleted, warned };
}

async function campaigns(services: AppServices): Promise<CampaignRef[]> {
  const { SurveyCampaign, RankingCampaign, AnnualResult } = services.models;
  const surveys = await SurveyCampaign.find({}, { organisationCode: 1, year: 1, methodologyId: 1 })
    .sort({ _id: 1 })
    .lean();
  const rankings = await RankingCampaign.find({}, { organisationCode: 1, period: 1, methodologyId: 1 })
    .sort({ _id: 1 })
    .lean();
  const annuals = await AnnualResult.aggregate<{
    _id: { organisationCode: string; year: number };
    methodologyId: string;
  }>([
    {
      $group: {
        _id: { organisationCode: '$organisationCode', year: '$year' },
        methodologyId: { $first: '$methodologyId' },
      },
    },
    { $sort: { '_id.organisationCode': 1, '_id.year': 1 } },
  ]);
  return [
    ...surveys.map((c) => ({
      id: String(c._id),
      kind: 'survey360' as const,
      organisationCode: c.organisationCode,
      period: String(c.year),
      methodologyId: c.methodologyId,
    })),
    ...rankings.map((c) => ({
      id: String(c._id),
      kind: 'ranking' as const,
      organisationCode: c.organisationCode,
      period: c.period,
      methodologyId: c.methodologyId,
    })),
    ...annuals.map((a) => ({
      id: `${a._id.organisationCode}:${a._id.year}`,
      kind: 'annual' as const,
      organisationCode: a._id.organisationCode as string,
      period: String(a._id.year),
      methodologyId: a.methodologyId as string,
    })),
  ];
}

/**
 * Deletes every document that names the campaign: each collection with a `campaignId` field, the
 * notices' appeals, the outbox items whose key carries the campaign id, tasks and audit entries about
 * it; the campaign itself last, so a crash in between leaves it to be found again tomorrow.
 */
async function deleteCampaign(services: AppServices, campaign: CampaignRef, from: IsoDate): Promise<void> {
  const { models } = services;
  const counts: Record<string, number> = {};
  const count = (name: string, n: number) => {
    if (n > 0) counts[name] = (counts[name] ?? 0) + n;
  };
  const noticeIds = (await models.Notice.find({ campaignId: campaign.id }, { _id: 1 }).lean()).map(
    (n) => n._id,
  );
  if (noticeIds.length > 0) {
    count('Appeal', (await models.Appeal.deleteMany({ noticeId: { $in: noticeIds } })).deletedCount);
    // Papers kept with a notice (refusal acts) go with it.
    count(
      'FiledDocument',
      (await models.FiledDocument.deleteMany({ noticeId: { $in: noticeIds } })).deletedCount,
    );
  }
  for (const model of Object.values(models)) {
    const path = model.schema.path('campaignId');
    if (!path || isCampaignModel(model.modelName)) continue;
    // Annual results are named `<body>:<year>`, which only text campaign fields (notices, appeals) hold.
    if (path.instance === 'ObjectId' && !Types.ObjectId.isValid(campaign.id)) continue;
    count(model.modelName, (await model.deleteMany({ campaignId: campaign.id })).deletedCount);
  }
  // Outbox keys are `<kind>:<campaignId>:…`; the id is 24 hex characters, so it matches nothing else.
  count(
    'OutboxItem',
    (await models.OutboxItem.deleteMany({ key: { $regex: `:${campaign.id}(:|$)` } })).deletedCount,
  );
  count('Task', (await models.Task.deleteMany({ 'payload.campaignId': campaign.id })).deletedCount);
  count('AuditLog', (await models.AuditLog.deleteMany({ 'details.campaignId': campaign.id })).deletedCount);
  if (campaign.kind === 'survey360') await models.SurveyCampaign.deleteOne({ _id: campaign.id });
  else if (campaign.kind === 'ranking') await models.RankingCampaign.deleteOne({ _id: campaign.id });
  else {
    const [organisationCode, year] = campaign.id.split(':');
    count(
      'AnnualResult',
      (await models.AnnualResult.deleteMany({ organisationCode, year: Number(year) })).deletedCount,
    );
  }
  await recordAudit(services, {
    telegramId: null,
    employeeId: null,
    organisationCode: campaign.organisationCode,
    action: 'retention.delete',
    details: {
      campaignId: campaign.id,
      kind: campaign.kind,
      period: campaign.period,
      deletableFrom: from,
      counts,
    },
  });
}

const isCampaignModel = (name: string) => name === 'SurveyCampaign' || name === 'RankingCampaign';

async function warnHr(services: AppServices, campaign: CampaignRef, from: IsoDate): Promise<void> {
  await alertHr(services, {
    key: `retentionWarning:${campaign.id}`,
    organisationCode: campaign.organisationCode,
    render: (t) =>
      t('retention:warning', {
        campaign: t(`retention:kinds.${campaign.kind}`, {
          year: campaign.period,
          ...periodWords(t, campaign.period),
        }),
        date: formatDate(from),
      }),
  });
}

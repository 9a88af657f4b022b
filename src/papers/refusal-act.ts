import { Types } from 'mongoose';
import { almatyDateOf } from '../calendar/index.ts';
import {
  documentFileName,
  type EvaluationResultRef,
  type Lang,
  type RefusalDeliveryChannel,
  renderRefusalAct,
} from '../documents/index.ts';
import type { Result360 } from '../evaluation/survey360/results.ts';
import { getMethodology, type Methodology } from '../methodology/index.ts';
import type { NoticeDoc } from '../notifications/notice-models.ts';
import type { OutboxItemRecord } from '../notifications/outbox/models.ts';
import type { AppServices } from '../services.ts';
import { documentPerson } from './people.ts';

export interface FiledDocument {
  lang: Lang;
  fileName: string;
  data: Buffer;
}

const LANGS: readonly Lang[] = ['kk', 'ru'];
/** The channels the act names (seed 003 lines 43-47). */
const REFUSAL_CHANNELS: readonly RefusalDeliveryChannel[] = ['intranet', 'hrDatabase', 'documentFlow'];

/**
 * The act of refusal to acknowledge a result, in Kazakh and Russian, from the notice as HR registered it
 * (the witnesses, the officer, the dates), kept with the notice (FiledDocument). Null when the notice has no registered
 * act. Rendering again gives the same act: a repeat after a crash files it once more, unchanged.
 */
export async function fileRefusalAct(
  services: AppServices,
  noticeId: string,
): Promise<FiledDocument[] | null> {
  const { models } = services;
  if (!Types.ObjectId.isValid(noticeId)) return null;
  const notice = await models.Notice.findById(noticeId).lean();
  const act = notice?.refusalAct;
  const methodology = notice?.methodologyId ? getMethodology(notice.methodologyId) : undefined;
  if (!notice || !act || !methodology) return null;
  const employee = await documentPerson(models, notice.employeeId);
  if (!employee) return null;
  const officer = await models.Employee.findOne({ telegramId: act.registeredBy }, { _id: 1 }).lean();
  const hrOfficer = (await documentPerson(models, officer?._id)) ?? { fullName: '' };
  const item = notice.outboxItemId
    ? await models.OutboxItem.findById(notice.outboxItemId).lean<OutboxItemRecord>()
    : null;
  const sent = item?.sentAt ?? item?.telegramDate ?? null;
  const result = await resultOfNotice(services, notice, methodology);
  // Kentau: how and when HR sent the result after the refusal, once recorded.
  const delivery = await models.OtherChannelDelivery.findOne({ noticeId: notice._id }).lean();
  const channel = delivery?.channel as RefusalDeliveryChannel | undefined;
  const input = {
    methodologyId: methodology.id,
    organisation: methodology.organization,
    employee,
    result,
    deliveredOn: sent ? almatyDateOf(sent) : null,
    refusedOn: almatyDateOf(notice.refusedAt ?? act.registeredAt),
    actOn: almatyDateOf(act.registeredAt),
    hrOfficer,
    witnesses: act.witnesses.map((fullName) => ({ fullName })),
    sentAfterRefusal:
      delivery && channel && REFUSAL_CHANNELS.includes(channel)
        ? { channel, on: delivery.deliveredOn }
        : null,
  };
  const documents: FiledDocument[] = [];
  for (const lang of LANGS) {
    const locale = { lang, t: services.translator.forLanguage(lang) };
    documents.push({
      lang,
      fileName: documentFileName(
        'refusalAct',
        { personnelNumber: employee.personnelNumber, fullName: employee.fullName, date: input.actOn },
        locale,
      ),
      data: await renderRefusalAct(input, locale),
    });
  }
  for (const document of documents)
    await models.FiledDocument.updateOne(
      { noticeId: notice._id, kind: 'refusalAct', lang: document.lang },
      {
        $set: { organisationCode: notice.organisationCode, fileName: document.fileName, data: document.data },
      },
      { upsert: true },
    );
  return documents;
}

/** Which result the notice reported, with its score and band, as the act names it. */
async function resultOfNotice(
  services: AppServices,
  notice: Pick<NoticeDoc, 'kind' | 'campaignId' | 'employeeId'>,
  methodology: Methodology,
): Promise<EvaluationResultRef> {
  const { models } = services;
  const bandOf = (id: string | null | undefined) => {
    const band = methodology.bands.find((b) => b.id === id);
    return band ? { label: band.label } : null;
  };
  if (notice.kind === 'result360' && Types.ObjectId.isValid(notice.campaignId)) {
    const campaign = await models.SurveyCampaign.findById(notice.campaignId, { year: 1 }).lean();
    const target = await models.SurveyTarget.findOne(
      { campaignId: notice.campaignId, employeeId: notice.employeeId },
      { result: 1 },
    ).lean();
    const result = target?.result as Result360 | null;
    return {
      kind: 'result360',
      period: String(campaign?.year ?? ''),
      score: result?.ok ? result.overall : null,
      band: result?.ok ? bandOf(result.band) : null,
    };
  }
  if (notice.kind === 'annual') {
    const year = Number(notice.campaignId.split(':').at(-1));
    const annual = await models.AnnualResult.findOne({ employeeId: notice.employeeId, year }).lean();
    return { kind: 'annual', period: String(year), score: annual?.score ?? null, band: bandOf(annual?.band) };
  }
  const sheet = Types.ObjectId.isValid(notice.campaignId)
    ? await models.RankingSheet.findOne({ campaignId: notice.campaignId, employeeId: notice.employeeId })
        .sort({ kind: -1, _id: 1 })
        .lean()
    : null;
  const campaign = sheet && (await models.RankingCampaign.findById(sheet.campaignId, { period: 1 }).lean());
  return {
    kind: sheet?.kind === 'kpi' ? 'kpi' : 'ranking',
    period: campaign?.period ?? '',
    score: sheet?.result?.average ?? null,
    band: bandOf(sheet?.result?.band),
  };
}

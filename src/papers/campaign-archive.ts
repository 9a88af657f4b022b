import type { Types } from 'mongoose';
import { type ArchiveEntry, type ArchivePart, archiveDocuments, type Lang } from '../documents/index.ts';
import { mayView, sheetDocument, survey360Document } from '../evaluation/confidentiality.ts';
import { FINAL_STATUSES } from '../evaluation/ranking/models.ts';
import { actorOfEmployee } from '../people/access.ts';
import type { AppServices } from '../services.ts';
import type { Progress } from '../tasks/progress.ts';
import { result360Paper, sheetPaper } from './sheets.ts';

export interface CampaignArchive {
  parts: ArchivePart[];
  documents: number;
}

/**
 * All filled sheets of a body's period as one .zip (split into parts under the bot upload limit), one
 * folder per unit: the ranking/KPI campaign of the period and, for a year, that year's 360 results. Only
 * what mayView lets the asker see goes in (the HR head: the whole body). Papers in the asker's language.
 */
export async function campaignArchive(
  services: AppServices,
  input: { organisationCode: string; period: string; askedBy: Types.ObjectId | string; lang: Lang },
  progress?: Progress,
): Promise<CampaignArchive> {
  const { models } = services;
  const asker = await models.Employee.findById(input.askedBy, {
    organisationCode: 1,
    roles: 1,
    status: 1,
    telegramId: 1,
  }).lean();
  if (!asker) return { parts: [], documents: 0 };
  const actor = actorOfEmployee(asker);
  const units = new Map(
    (await models.Unit.find({ organisationCode: input.organisationCode }, { code: 1, name: 1 }).lean()).map(
      (u) => [u.code, `${u.code} ${u.name}`],
    ),
  );
  const campaign = await models.RankingCampaign.findOne(
    { organisationCode: input.organisationCode, period: input.period },
    { _id: 1, methodologyId: 1 },
  ).lean();
  const sheets = campaign
    ? await models.RankingSheet.find({ campaignId: campaign._id, status: { $in: FINAL_STATUSES } })
        .sort({ unitCode: 1, _id: 1 })
        .lean()
    : [];
  const survey = /^\d{4}$/.test(input.period)
    ? await models.SurveyCampaign.findOne(
        { organisationCode: input.organisationCode, year: Number(input.period), state: 'closed' },
        { _id: 1 },
      ).lean()
    : null;
  const targets = survey
    ? await models.SurveyTarget.find(
        { campaignId: survey._id, excludedReason: null, 'result.ok': true },
        { _id: 1, employeeId: 1 },
      )
        .sort({ _id: 1 })
        .lean()
    : [];
  const total = sheets.length + targets.length;
  const entries: ArchiveEntry[] = [];
  let done = 0;
  for (const sheet of sheets) {
    await progress?.(done++, total);
    if (!mayView(actor, await sheetDocument(models, sheet, campaign?.methodologyId)).allowed) continue;
    const paper = await sheetPaper(services, sheet._id, input.lang);
    if (paper)
      entries.push({
        folder: units.get(sheet.unitCode) ?? sheet.unitCode,
        name: paper.fileName,
        data: paper.data,
      });
  }
  for (const target of targets) {
    await progress?.(done++, total);
    const document = await survey360Document(models, String(target._id));
    if (!document || !mayView(actor, document).allowed) continue;
    const paper = await result360Paper(services, target._id, input.lang);
    const employee = await models.Employee.findById(target.employeeId, { unitCode: 1 }).lean();
    const unit = employee?.unitCode ?? '';
    if (paper) entries.push({ folder: units.get(unit) ?? unit, name: paper.fileName, data: paper.data });
  }
  await progress?.(total, total);
  return { parts: archiveDocuments(entries, { modifiedAt: services.now() }), documents: entries.length };
}

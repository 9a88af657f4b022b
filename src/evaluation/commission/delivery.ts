import { Types } from 'mongoose';
import { almatyDateOf, type IsoDate } from '../../calendar/index.ts';
import { getMethodology, isCommission, routeOf } from '../../methodology/index.ts';
import { type FiledDocument, fileRefusalAct } from '../../papers/refusal-act.ts';
import type { AppServices } from '../../services.ts';

/** The channels the notice's route allows after a refusal (Kentau: intranet, HR database, document flow). */
export async function afterRefusalChannels(
  services: AppServices,
  noticeId: string,
): Promise<readonly string[]> {
  if (!Types.ObjectId.isValid(noticeId)) return [];
  const notice = await services.models.Notice.findById(noticeId, { methodologyId: 1, routeFormId: 1 }).lean();
  const methodology = notice?.methodologyId ? getMethodology(notice.methodologyId) : undefined;
  const route = methodology && routeOf(methodology, notice?.routeFormId);
  return route && isCommission(route) ? route.acquaintance.afterRefusal : [];
}

export type OtherChannelOutcome =
  /** With the refusal act filed again (now naming the channel and day), when HR registered one. */
  | { kind: 'recorded'; acts: FiledDocument[] | null }
  | { kind: 'already'; channel: string; on: string }
  | { kind: 'notRefused' }
  | { kind: 'notAllowed' }
  | { kind: 'future' };

/**
 * Kentau (seed 003, lines 43-47): after a refusal the result goes out through one of the route's channels;
 * HR records which and on what day (not in the future). Once per notice: the first record stands.
 */
export async function recordOtherChannel(
  services: AppServices,
  input: { noticeId: string; channelIndex: number; on: IsoDate; recordedBy: number },
): Promise<OtherChannelOutcome> {
  const { Notice, OtherChannelDelivery } = services.models;
  const channels = await afterRefusalChannels(services, input.noticeId);
  const channel = channels[input.channelIndex];
  if (!channel) return { kind: 'notAllowed' };
  const notice = await Notice.findById(input.noticeId, {
    refusedAt: 1,
    organisationCode: 1,
    refusalAct: 1,
  }).lean();
  if (!notice?.refusedAt) return { kind: 'notRefused' };
  if (input.on > almatyDateOf(services.now())) return { kind: 'future' };
  const written = await OtherChannelDelivery.updateOne(
    { noticeId: notice._id },
    {
      $setOnInsert: {
        noticeId: notice._id,
        organisationCode: notice.organisationCode,
        channel,
        deliveredOn: input.on,
        recordedBy: input.recordedBy,
        recordedAt: services.now(),
      },
    },
    { upsert: true },
  );
  if (written.upsertedCount === 1) {
    // The act kept with the notice now says how and when the result went out.
    const acts = notice.refusalAct ? await fileRefusalAct(services, input.noticeId) : null;
    return { kind: 'recorded', acts };
  }
  const kept = await OtherChannelDelivery.findOne({ noticeId: notice._id }).lean();
  return { kind: 'already', channel: kept?.channel ?? channel, on: kept?.deliveredOn ?? input.on };
}

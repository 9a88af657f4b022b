import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { deny, hrScope, hrScopeOwning, refuseNonHr } from '../../src/bot/hr-access.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { replyLong } from '../../src/bot/ui/reply.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import { casesAwaitingHr, passToCommission, seatOf } from '../../src/evaluation/commission/cases.ts';
import { recordComposition } from '../../src/evaluation/commission/composition.ts';
import { afterRefusalChannels, recordOtherChannel } from '../../src/evaluation/commission/delivery.ts';
import { protocolFile } from '../../src/evaluation/commission/protocol.ts';
import { bodyCommissionRoute, commissionRules } from '../../src/evaluation/commission/rules.ts';
import { formatDate, parseTypedDate } from '../../src/i18n/format.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { hrScopeOf } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';

/**
 * HR's side of the Commission: the composition from the authorised person's order, the agreed sheets
 * waiting to be passed (with their last day), passing them to a meeting, the protocol, and (Kentau) the
 * record of a refused result delivered by another channel.
 */
export const commissionHr = new Composer<BotContext>();

commissionHr.use(refuseNonHr(['commission', 'commission_set', 'commission_pass', 'delivered']));

/** Lines of the waiting list shown at once; the rest is counted (the meeting takes them all). */
const WAITING_SHOWN = 50;

commissionHr.command('commission', async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  const { models } = ctx.services;
  const t = ctx.t;
  const organisation = await models.Organisation.findOne({ code: scope }, { methodologyId: 1 }).lean();
  const methodology = organisation?.methodologyId ? getMethodology(organisation.methodologyId) : undefined;
  const route = methodology && bodyCommissionRoute(methodology);
  if (!route) {
    await ctx.reply(t('commission:hr.noRoute'));
    return;
  }
  await audit(ctx, 'commission.open', scope);
  const rules = commissionRules(route);
  const lines: string[] = [t('commission:hr.title')];
  const composition = await models.CommissionComposition.findOne({ organisationCode: scope }).lean();
  if (composition) {
    const ids = [...composition.members.map((m) => m.employeeId), composition.authorisedPersonId].filter(
      Boolean,
    );
    const names = new Map(
      (await models.Employee.find({ _id: { $in: ids } }, { fullName: 1, personnelNumber: 1 }).lean()).map(
        (e) => [String(e._id), `${e.fullName} (${e.personnelNumber})`],
      ),
    );
    if (composition.orderNumber)
      lines.push(
        t('commission:hr.order', {
          number: composition.orderNumber,
          date: composition.orderDate ? formatDate(composition.orderDate) : '—',
        }),
      );
    for (const member of composition.members)
      lines.push(
        t('commission:hr.memberLine', {
          role: t(`commission:roles.${member.role}`),
          name: names.get(String(member.employeeId)) ?? '',
        }),
      );
    if (composition.authorisedPersonId)
      lines.push(
        t('commission:hr.memberLine', {
          role: t('commission:roles.authorised'),
          name: names.get(String(composition.authorisedPersonId)) ?? '',
        }),
      );
  } else lines.push(t('commission:hr.noComposition'));
  if (rules.minMembers !== null) lines.push(t('commission:hr.minMembers', { count: rules.minMembers }));
  // What the seed leaves open is shown, with who must set it: never a number from code.
  for (const open of rules.notSet)
    lines.push(
      t('commission:hr.notSet', {
        rule: t(`commission:rules.${open.rule}`),
        setBy: t(`methodology:setBy.${open.setBy}`),
      }),
    );
  if (rules.approvedByAuthorisedPerson) {
    const waiting = await casesAwaitingHr(ctx.services, scope);
    const today = almatyDateOf(ctx.services.now());
    const people = new Map(
      (
        await models.Employee.find({ _id: { $in: waiting.map((c) => c.employeeId) } }, { fullName: 1 }).lean()
      ).map((e) => [String(e._id), e.fullName]),
    );
    lines.push('', t('commission:hr.waiting', { count: waiting.length }));
    for (const item of waiting.slice(0, WAITING_SHOWN))
      lines.push(
        t(item.passBy && item.passBy < today ? 'commission:hr.waitingLate' : 'commission:hr.waitingLine', {
          name: people.get(String(item.employeeId)) ?? '',
          passBy: item.passBy ? formatDate(item.passBy) : '—',
        }),
      );
    if (waiting.length > WAITING_SHOWN)
      lines.push(t('commission:hr.more', { count: waiting.length - WAITING_SHOWN }));
    const meetings = await models.CommissionMeeting.find({
      organisationCode: scope,
      state: { $ne: 'approved' },
    })
      .sort({ meetingOn: 1, _id: 1 })
      .limit(20)
      .lean();
    for (const meeting of meetings)
      lines.push(
        t('commission:hr.meetingLine', {
          date: formatDate(meeting.meetingOn),
          state: t(`commission:meetingStates.${meeting.state}`),
        }),
      );
  }
  lines.push('', t('commission:hr.usage'));
  await replyLong(ctx, lines.join('\n'));
});

/** `/commission_set` with one line per person: the composition of the authorised person's order. */
commissionHr.command('commission_set', async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  const text = ctx.match.trim();
  if (!text) {
    await ctx.reply(ctx.t('commission:set.usage'));
    return;
  }
  const outcome = await recordComposition(ctx.services, {
    organisationCode: scope,
    text,
    recordedBy: ctx.from!.id,
  });
  await audit(ctx, 'commission.composition', scope, {
    outcome: 'ok' in outcome ? 'recorded' : outcome.problem,
  });
  if ('ok' in outcome) {
    await ctx.reply(ctx.t('commission:set.recorded', { count: outcome.members }));
    return;
  }
  await ctx.reply(ctx.t(`commission:set.problems.${outcome.problem}`, outcome));
});

/** `/commission_pass 20.01.2027`: the waiting sheets go to the Commission's meeting on that day. */
commissionHr.command('commission_pass', async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  const meetingOn = parseTypedDate(ctx.match.trim());
  if (!meetingOn) {
    await ctx.reply(ctx.t('commission:pass.usage'));
    return;
  }
  const outcome = await passToCommission(ctx.services, {
    organisationCode: scope,
    meetingOn,
    by: ctx.from!.id,
  });
  await audit(ctx, 'commission.pass', scope, {
    outcome: outcome.kind,
    ...(outcome.kind === 'passed' ? { meetingId: outcome.meetingId, cases: outcome.cases } : {}),
  });
  switch (outcome.kind) {
    case 'passed':
      await ctx.reply(
        ctx.t('commission:pass.done', {
          count: outcome.cases,
          date: formatDate(meetingOn),
          noticeOn: formatDate(outcome.noticeOn),
        }) + (outcome.late > 0 ? `\n${ctx.t('commission:pass.late', { count: outcome.late })}` : ''),
      );
      return;
    case 'tooSoon':
      await ctx.reply(
        ctx.t('commission:pass.tooSoon', { days: outcome.days, earliest: formatDate(outcome.earliest) }),
      );
      return;
    default:
      await ctx.reply(ctx.t(`commission:pass.${outcome.kind}`));
  }
});

/** The protocol in both languages, to HR of the body, the meeting's members and its authorised person. */
onButton(
  commissionHr,
  [callbacks.commission.protocol, callbacks.commission.protocolFromNotice],
  async (ctx, { meetingId }) => {
    const { models } = ctx.services;
    const meeting = /^[0-9a-f]{24}$/.test(meetingId)
      ? await models.CommissionMeeting.findById(meetingId, {
          organisationCode: 1,
          members: 1,
          authorisedPersonId: 1,
        }).lean()
      : null;
    if (!meeting) return deny(ctx);
    const scope = await hrScopeOf(models, ctx.actor);
    const isHr = scope.ok && scope.organisationCode === meeting.organisationCode;
    const me = ctx.employee?._id;
    const isAuthorised = me && String(meeting.authorisedPersonId) === String(me);
    if (!isHr && !seatOf(meeting, me) && !isAuthorised) return deny(ctx);
    const kk = await protocolFile(ctx.services, meetingId, 'kk');
    const ru = await protocolFile(ctx.services, meetingId, 'ru');
    if (!kk || !ru) {
      await ctx.answerCallbackQuery({ text: ctx.t('commission:protocol.notYet') });
      return;
    }
    await ctx.answerCallbackQuery();
    await audit(ctx, 'commission.protocol', meeting.organisationCode, { meetingId });
    for (const file of [kk, ru])
      await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), { protect_content: true });
  },
);

/** `/delivered <notice id> [dd.mm.yyyy]` (Kentau): after a refusal, how and when the result went out. */
commissionHr.command('delivered', async (ctx) => {
  const [noticeId = '', typed] = ctx.match.trim().split(/\s+/);
  if (!noticeId) {
    await ctx.reply(ctx.t('commission:delivered.usage'));
    return;
  }
  const scope = await hrScopeOwning(ctx, { kind: 'notice', id: noticeId });
  if (!scope) return;
  const on = typed ? parseTypedDate(typed) : almatyDateOf(ctx.services.now());
  if (!on) {
    await ctx.reply(ctx.t('commission:delivered.usage'));
    return;
  }
  if (on > almatyDateOf(ctx.services.now())) {
    await ctx.reply(ctx.t('commission:delivered.future'));
    return;
  }
  const channels = await afterRefusalChannels(ctx.services, noticeId);
  if (channels.length === 0) {
    await ctx.reply(ctx.t('commission:delivered.notAllowed'));
    return;
  }
  const keyboard = new InlineKeyboard();
  channels.forEach((channel, index) => {
    keyboard
      .text(
        ctx.t(`commission:channels.${channel}`),
        callbacks.commission.delivered.build({ noticeId, channel: index, date: on }),
      )
      .row();
  });
  await ctx.reply(ctx.t('commission:delivered.choose', { date: formatDate(on) }), { reply_markup: keyboard });
});

onButton(commissionHr, callbacks.commission.delivered, async (ctx, { noticeId, channel, date }) => {
  const scope = await hrScopeOwning(ctx, { kind: 'notice', id: noticeId });
  if (!scope) return;
  const parsed = parseTypedDate(date);
  if (!parsed) return deny(ctx);
  const outcome = await recordOtherChannel(ctx.services, {
    noticeId,
    channelIndex: channel,
    on: parsed,
    recordedBy: ctx.from.id,
  });
  await audit(ctx, 'hr.otherChannelDelivery', scope, { noticeId, outcome: outcome.kind });
  await ctx.answerCallbackQuery();
  if (outcome.kind === 'already') {
    await ctx.reply(
      ctx.t('commission:delivered.already', {
        channel: ctx.t(`commission:channels.${outcome.channel}`),
        date: formatDate(outcome.on),
      }),
    );
    return;
  }
  await ctx.reply(
    ctx.t(`commission:delivered.${outcome.kind}`, {
      channel: ctx.t(
        `commission:channels.${(await afterRefusalChannels(ctx.services, noticeId))[channel] ?? ''}`,
      ),
      date: formatDate(parsed),
    }),
  );
  // The refusal act, filed again with the channel and the day, to sign and file.
  if (outcome.kind === 'recorded')
    for (const act of outcome.acts ?? [])
      await ctx.replyWithDocument(new InputFile(act.data, act.fileName), {
        caption: ctx.t('results:refusalAct.caption'),
        protect_content: true,
      });
});

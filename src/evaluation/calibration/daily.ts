import { almatyDateOf, type IsoDate } from '../../calendar/index.ts';
import { formatDate } from '../../i18n/format.ts';
import { alertHr } from '../../notifications/hr-alerts.ts';
import { notifyEmployee } from '../../notifications/notify.ts';
import { forEachItem } from '../../notifications/scheduler.ts';
import type { AppServices } from '../../services.ts';
import { type CalibrationCase, openCase } from './case.ts';
import { CALIBRATION_MESSAGE_KIND, messageHr, publishOutcome, routeCase, voteButtons } from './publish.ts';
import { dueState } from './rules.ts';

/**
 * Daily, for every calibration case: on the working day before a step's last day the person who owes it
 * is reminded (the authorised person's decision, the members' votes, HR's filing of the protocol); the
 * day after, HR is alerted. Every message is keyed by case and step, so each goes out once. It also
 * finishes what a crash left: an application with no case, a decision with no notice or protocol.
 */
export async function calibrationDaily(services: AppServices): Promise<void> {
  const { Appeal, CalibrationCase, Employee } = services.models;
  const today = almatyDateOf(services.now());
  const open = await Appeal.find({ state: 'open' }, { _id: 1 }).sort({ _id: 1 }).lean();
  await forEachItem(
    services.logger,
    'calibration',
    open,
    (a) => String(a._id),
    async (a) => {
      const opened = await openCase(services, String(a._id));
      if (opened?.created) await routeCase(services, opened.case);
    },
  );
  const cases = await CalibrationCase.find({ state: { $in: ['awaitingDecision', 'scheduled', 'decided'] } })
    .sort({ _id: 1 })
    .lean<CalibrationCase[]>();
  const nameOf = async (c: CalibrationCase) =>
    (await Employee.findById(c.employeeId, { fullName: 1 }).lean())?.fullName ?? '';
  await forEachItem(
    services.logger,
    'calibration',
    cases,
    (c) => String(c._id),
    async (c) => {
      const id = String(c._id);
      if (c.state === 'awaitingDecision') {
        const due = dueState(today, c.decisionBy as IsoDate);
        const name = await nameOf(c);
        if (due === 'remind')
          for (const authorised of c.routedTo)
            await notifyEmployee(services, {
              key: `calDecisionRemind:${id}:${String(authorised)}`,
              kind: CALIBRATION_MESSAGE_KIND,
              employeeId: authorised,
              render: (t) => ({
                text: t('calibration:decide.reminder', { name, date: formatDate(c.decisionBy) }),
                ackText: t('notices:hr.seenButton'),
              }),
            });
        if (due === 'missed')
          await alertHr(services, {
            key: `calDecisionMissed:${id}`,
            organisationCode: c.organisationCode,
            render: (t) => t('calibration:hr.decisionMissed', { name, date: formatDate(c.decisionBy) }),
          });
        return;
      }
      if (c.state === 'scheduled' && c.sessionOn) {
        const due = dueState(today, c.sessionOn as IsoDate);
        if (due === 'remind')
          for (const member of c.members.filter((m) => m.vote === null))
            await notifyEmployee(services, {
              key: `calSessionRemind:${id}:${String(member.employeeId)}`,
              kind: CALIBRATION_MESSAGE_KIND,
              employeeId: member.employeeId,
              render: (t) => ({
                text: t('calibration:member.reminder', { date: formatDate(c.sessionOn!) }),
                reply_markup: { inline_keyboard: voteButtons(t, id) },
                ackText: t('notices:hr.seenButton'),
              }),
            });
        if (due === 'missed') {
          const name = await nameOf(c);
          const voted = c.members.filter((m) => m.vote !== null).length;
          await alertHr(services, {
            key: `calSessionMissed:${id}`,
            organisationCode: c.organisationCode,
            render: (t) =>
              t('calibration:hr.sessionMissed', {
                name,
                date: formatDate(c.sessionOn!),
                voted,
                total: c.members.length,
              }),
          });
        }
        return;
      }
      if (c.state !== 'decided') return;
      if (!c.protocol) {
        await publishOutcome(services, id);
        return;
      }
      if (c.protocol.filedAt || !c.protocol.fileBy) return;
      const due = dueState(today, c.protocol.fileBy as IsoDate);
      if (!due) return;
      const name = await nameOf(c);
      const date = formatDate(c.protocol.fileBy);
      await messageHr(services, c, due === 'remind' ? `calFileRemind:${id}` : `calFileMissed:${id}`, (t) =>
        t(due === 'remind' ? 'calibration:hr.fileReminder' : 'calibration:hr.fileMissed', { name, date }),
      );
    },
  );
}

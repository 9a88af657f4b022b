import { type Api, InputFile } from 'grammy';
import { periodWords } from '../i18n/format.ts';
import type { Translate, Translator } from '../i18n/index.ts';
import type { Language } from '../people/models.ts';
import { describeRosterErrors } from '../people/roster/describe-errors.ts';
import type { RosterError } from '../people/roster/index.ts';
import type { TaskDelivery } from '../tasks/delivery.ts';
import { EXPORT_KINDS } from '../tasks/exports.ts';
import type { Task } from '../tasks/queue.ts';

/** A task's stored result as template values: a period code becomes its words (`period`, `forPeriod`). */
export function taskResultWords(t: Translate, result: unknown): Record<string, unknown> {
  const values = { ...(result as Record<string, unknown>) };
  return typeof values.period === 'string' ? { ...values, ...periodWords(t, values.period) } : values;
}

/** Final words worded by their own feature; every other kind says `tasks:done.<kind>`. */
const FINAL_WORDS: Record<string, (t: Translate, result: Record<string, unknown>) => string> = {
  'people.rosterImport': (t, result) => {
    const errors = (result.transient as { errors?: RosterError[] } | undefined)?.errors;
    if (errors) return describeRosterErrors(t, errors);
    // Asked again after the report: the errors themselves are gone, their number stays.
    if (typeof result.errorCount === 'number') return t('people:import.failed', { count: result.errorCount });
    return t('people:import.done', result);
  },
  // HR's own close: the campaign's summary (the deadline close tells HR in `tasks:done.survey360.close`).
  'survey360.close': (t, result) =>
    t('survey360:hr.closed', { count: Number(result.results ?? 0), total: Number(result.evaluated ?? 0) }),
  ...Object.fromEntries(
    Object.values(EXPORT_KINDS).map((kind) => [
      kind,
      (t: Translate, result: Record<string, unknown>) =>
        result.refused ? t('errors.notAllowed') : t('tasks-export:sent', { count: Number(result.rows ?? 0) }),
    ]),
  ),
  'notices.remindAll': (t, result) =>
    t('notices:console.reminded', {
      count: Number(result.count ?? 0),
      campaigns: Number(result.campaigns ?? 0),
    }),
  'survey360.invite': (t, result) =>
    [
      t('survey360:hr.launched', { count: Number(result.queued ?? 0) }),
      ...(Number(result.notLinked ?? 0) > 0
        ? [t('survey360:hr.notLinked', { count: Number(result.notLinked) })]
        : []),
    ].join('\n'),
  'survey360.remind': (t, result) => t('survey360:hr.reminded', { count: Number(result.count ?? 0) }),
};

/** What HR reads when a task is done. */
export function finalWords(t: Translate, task: Pick<Task, 'kind' | 'result'>): string {
  const result = (task.result ?? {}) as Record<string, unknown>;
  const own = FINAL_WORDS[task.kind];
  return own ? own(t, result) : t(`tasks:done.${task.kind}`, taskResultWords(t, result));
}

/**
 * Shows a task's progress in the message HR got when asking for it, and its final word there too
 * (a new message when the first can no longer be edited).
 */
export function taskReports(api: Api, translator: Translator) {
  const target = (task: Task) => {
    const { chatId, messageId, language } = task.report ?? {};
    if (!chatId) return null;
    const t = translator.forLanguage((language === 'ru' ? 'ru' : 'kk') as Language);
    return { chatId, messageId: messageId ?? null, t };
  };
  return {
    async onProgress(task: Task): Promise<void> {
      const to = target(task);
      if (!to?.messageId || task.progress?.total == null) return;
      const text = to.t('tasks:progress', { done: task.progress.done, total: task.progress.total });
      await api.editMessageText(to.chatId, to.messageId, text).catch(() => undefined);
    },
    async onFinished(task: Task): Promise<void> {
      const to = target(task);
      if (!to) return;
      const text = task.state === 'done' ? finalWords(to.t, task) : to.t('tasks:failed');
      const edited =
        to.messageId !== null &&
        (await api.editMessageText(to.chatId, to.messageId, text).then(
          () => true,
          () => false,
        ));
      if (!edited) await api.sendMessage(to.chatId, text);
    },
  };
}

/** Files a task produced go to the asker's chat through the bot's Api, protected like every result. */
export function taskDelivery(api: Api): TaskDelivery {
  return {
    async sendDocument(chatId, file, caption) {
      await api.sendDocument(chatId, new InputFile(file.data, file.fileName), {
        caption,
        protect_content: true,
      });
    },
  };
}

import type { BotContext } from '../../src/bot/context.ts';
import type { InputFlow } from '../../src/bot/input-router.ts';
import { finalWords } from '../../src/bot/task-reports.ts';
import { hrScopeOf } from '../../src/people/access.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import { taskKey } from '../../src/tasks/kinds.ts';
import { enqueueTask } from '../../src/tasks/queue.ts';

/** The documented cap (docs/roster-template.md): a bigger file is refused before it is fetched. */
const MAX_FILE_MB = 10;

/** /import or the console's button: the next file the HR officer sends is the roster of `organisationCode`. */
export async function askRosterFile(ctx: BotContext, organisationCode: string): Promise<void> {
  await awaitInput(
    ctx.services.models,
    ctx.from!.id,
    { kind: 'rosterFile', documentId: organisationCode },
    ctx.services.now(),
  );
  await ctx.reply(ctx.t('people:import.sendFile'));
}

/**
 * HR sends a roster file; it is validated whole, and imported only if every row is valid and of the
 * body the import was started in (the caller's scope, checked again when the file arrives). The
 * reading and writing run as a task (`people.rosterImport`): the "checking" message turns into the
 * outcome, and a large file never holds up anyone else's updates.
 */
export const rosterFileInput: InputFlow = {
  async receive(ctx, awaiting) {
    const document = ctx.message.document;
    if (!document) {
      await ctx.reply(ctx.t('people:import.notAFile'));
      return;
    }
    // Taking the record is the claim: the same file sent twice is imported once.
    if (!(await stopAwaiting(ctx.services.models, ctx.from.id, awaiting))) return;
    if ((document.file_size ?? 0) > MAX_FILE_MB * 1024 * 1024) {
      await ctx.reply(ctx.t('people:import.tooLarge', { maxMb: MAX_FILE_MB }));
      return;
    }
    const organisationCode = awaiting.documentId;
    const scope = await hrScopeOf(ctx.services.models, ctx.actor);
    if (!scope.ok || scope.organisationCode !== organisationCode) {
      await ctx.reply(ctx.t('errors.notAllowed'));
      return;
    }
    const fileName = document.file_name ?? (await ctx.getFile()).file_path ?? '';
    // Only the format is kept with the task: a file name may name people.
    const format = /\.([^./\\]+)$/.exec(fileName.trim().toLowerCase())?.[1] ?? '';
    const sent = await ctx.reply(ctx.t('people:import.checking'));
    const { task, created } = await enqueueTask(
      ctx.services.models,
      {
        key: taskKey.importRoster(ctx.chat.id, ctx.message.message_id),
        kind: 'people.rosterImport',
        payload: { fileId: document.file_id, format, organisationCode },
        organisationCode,
        requestedBy: ctx.employee?._id ?? null,
        report: { chatId: sent.chat.id, messageId: sent.message_id, language: ctx.lang },
      },
      ctx.services.now(),
    );
    if (!created && task.state === 'done')
      await ctx.api.editMessageText(sent.chat.id, sent.message_id, finalWords(ctx.t, task));
    // Not awaited: the update ends here, the task reports in the message.
    else void ctx.services.wakeTasks();
  },
  async left(ctx) {
    return ctx.t('cancel.left.rosterFile');
  },
};

import { enqueueTask, type Task, type TaskRequest } from '../tasks/queue.ts';
import type { BotContext } from './context.ts';
import { finalWords } from './task-reports.ts';

/**
 * Queues long work asked for in this chat and ends the update: HR gets a message the task edits with
 * its progress and its final word. Asked again for the same key (a double tap, a redelivered update),
 * the new message says the work is under way, or gives the final word when it is done.
 */
export async function queueFromChat(
  ctx: BotContext,
  request: Omit<TaskRequest, 'report' | 'requestedBy'>,
): Promise<{ task: Task; created: boolean }> {
  const sent = await ctx.reply(ctx.t('tasks:queued'));
  const queued = await enqueueTask(
    ctx.services.models,
    {
      ...request,
      requestedBy: ctx.employee?._id ?? null,
      report: { chatId: sent.chat.id, messageId: sent.message_id, language: ctx.lang },
    },
    ctx.services.now(),
  );
  if (!queued.created)
    await ctx.api.editMessageText(
      sent.chat.id,
      sent.message_id,
      queued.task.state === 'done'
        ? finalWords(ctx.t, queued.task)
        : ctx.t(queued.task.state === 'failed' ? 'tasks:failed' : 'tasks:already'),
    );
  // Not awaited: the update ends now, and the task runs beside the other chats' updates.
  else void ctx.services.wakeTasks();
  return queued;
}

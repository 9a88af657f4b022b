import type { Conversation } from '@grammyjs/conversations';
import type { BotContext, FlowContext } from '../../src/bot/context.ts';
import { downloadTelegramFile } from '../../src/bot/files.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import { hrScopeOf } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';
import { describeRosterErrors } from '../../src/people/roster/describe-errors.ts';
import { importRosterFile, type RosterImportOutcome } from '../../src/people/roster/import.ts';

const MAX_FILE_MB = 10;

/**
 * HR sends a roster file; it is validated whole, and imported only if every row is valid and of the
 * body the import was started in (`organisationCode`, the caller's scope).
 */
export async function rosterImport(
  conversation: Conversation<BotContext, FlowContext>,
  ctx: FlowContext,
  organisationCode: string,
) {
  await ctx.reply(ctx.t('people:import.sendFile'));
  const fileCtx = await conversation.waitFor('message:document', {
    otherwise: (other) => other.reply(other.t('people:import.notAFile')),
  });
  const document = fileCtx.message.document;
  if ((document.file_size ?? 0) > MAX_FILE_MB * 1024 * 1024) {
    await fileCtx.reply(fileCtx.t('people:import.tooLarge', { maxMb: MAX_FILE_MB }));
    return;
  }
  await fileCtx.reply(fileCtx.t('people:import.checking'));
  const file = await fileCtx.getFile();
  // Download, validation and upsert are one side effect: a replay after a restart never repeats it.
  const outcome: RosterImportOutcome | 'notAllowed' = await conversation.external(async (outer) => {
    // Rights are checked again now: the file may come long after the import was started.
    const scope = await hrScopeOf(outer.services.models, outer.actor);
    if (!scope.ok || scope.organisationCode !== organisationCode) return 'notAllowed';
    const bytes = await downloadTelegramFile(outer.services.config, document.file_id);
    const imported = await importRosterFile(
      outer.services.models,
      bytes,
      document.file_name ?? file.file_path ?? '',
      { organisationCode, today: almatyDateOf(outer.services.now()) },
    );
    await audit(
      outer,
      'people.rosterImport',
      organisationCode,
      imported.ok ? { ...imported.counts } : { errors: imported.errors.length },
    );
    return imported;
  });
  if (outcome === 'notAllowed') {
    await fileCtx.reply(fileCtx.t('errors.notAllowed'));
    return;
  }
  if (!outcome.ok) {
    await fileCtx.reply(describeRosterErrors(fileCtx.t, outcome.errors));
    return;
  }
  await fileCtx.reply(fileCtx.t('people:import.done', { ...outcome.counts }));
}

import type { BotContext } from '../../src/bot/context.ts';
import { downloadTelegramFile } from '../../src/bot/files.ts';
import type { InputFlow } from '../../src/bot/input-router.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import { hrScopeOf } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import { describeRosterErrors } from '../../src/people/roster/describe-errors.ts';
import { importRosterFile, type RosterImportOutcome } from '../../src/people/roster/import.ts';

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
 * body the import was started in (the caller's scope, checked again when the file arrives).
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
    await ctx.reply(ctx.t('people:import.checking'));
    const bytes = await downloadTelegramFile(ctx.services.config, document.file_id);
    const fileName = document.file_name ?? (await ctx.getFile()).file_path ?? '';
    const outcome: RosterImportOutcome = await importRosterFile(ctx.services.models, bytes, fileName, {
      organisationCode,
      today: almatyDateOf(ctx.services.now()),
    });
    await audit(
      ctx,
      'people.rosterImport',
      organisationCode,
      outcome.ok ? { ...outcome.counts } : { errors: outcome.errors.length },
    );
    if (!outcome.ok) {
      await ctx.reply(describeRosterErrors(ctx.t, outcome.errors));
      return;
    }
    await ctx.reply(ctx.t('people:import.done', { ...outcome.counts }));
  },
  async left(ctx) {
    return ctx.t('cancel.left.rosterFile');
  },
};

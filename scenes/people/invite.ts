import { Composer } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { employeeOfBody, hrScope, hrScopeNamed, refuseNonHr } from '../../src/bot/hr-access.ts';
import { hasHrRights } from '../../src/people/access.ts';
import { audit } from '../../src/people/audit.ts';
import { createInvite } from '../../src/people/linking.ts';

/** HR's people commands: roster import and invite links. Everyone else is refused and learns nothing. */
export const hrPeople = new Composer<BotContext>();

const hrOnly = hrPeople.filter((ctx) => hasHrRights(ctx.actor));
hrPeople.use(refuseNonHr(['import', 'invite']));

hrOnly.command('import', async (ctx) => {
  const scope = await hrScope(ctx);
  if (!scope) return;
  await audit(ctx, 'people.import', scope);
  await ctx.conversation.enter('rosterImport', scope);
});

/** `/invite [organisation] <personnel number>`: the number is looked up in the caller's scope only. */
hrOnly.command('invite', async (ctx) => {
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  if (args.length === 0 || args.length > 2) {
    await ctx.reply(ctx.t('people:invite.usage'));
    return;
  }
  const scope = await hrScopeNamed(ctx, args.length === 2 ? args[0] : undefined);
  if (!scope) return;
  const number = args.at(-1)!;
  const employee = await employeeOfBody(ctx, scope, number);
  if (!employee) {
    await ctx.reply(ctx.t('people:invite.unknownEmployee', { number }));
    return;
  }
  const hours = ctx.services.config.INVITE_TTL_HOURS;
  const code = await createInvite(ctx.services.models, {
    employeeId: employee._id,
    createdBy: ctx.from!.id,
    ttlHours: hours,
    now: ctx.services.now(),
  });
  await audit(ctx, 'people.invite', scope, { employeeId: String(employee._id), personnelNumber: number });
  const link = `https://t.me/${ctx.me.username}?start=${code}`;
  await ctx.reply(ctx.t('people:invite.created', { name: employee.fullName, hours, link }), {
    link_preview_options: { is_disabled: true },
  });
});

import { Composer } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { refuseNonHr } from '../../src/bot/hr-access.ts';
import { hasAnyRole } from '../../src/bot/identify.ts';
import { audit } from '../../src/people/audit.ts';
import { createInvite } from '../../src/people/linking.ts';
import { HR_ROLES } from '../../src/people/models.ts';

/** HR's people commands: roster import and invite links. Everyone else is refused and learns nothing. */
export const hrPeople = new Composer<BotContext>();

const hrOnly = hrPeople.filter((ctx) => hasAnyRole(ctx, HR_ROLES));
hrPeople.use(refuseNonHr(['import', 'invite']));

hrOnly.command('import', async (ctx) => {
  await audit(ctx, 'people.import');
  await ctx.conversation.enter('rosterImport');
});

hrOnly.command('invite', async (ctx) => {
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  if (args.length === 0 || args.length > 2) {
    await ctx.reply(ctx.t('people:invite.usage'));
    return;
  }
  const number = args.at(-1)!;
  const filter =
    args.length === 2 ? { organisationCode: args[0], personnelNumber: number } : { personnelNumber: number };
  const matches = await ctx.services.models.Employee.find(filter).limit(2);
  const [employee] = matches;
  if (!employee) {
    await ctx.reply(ctx.t('people:invite.unknownEmployee', { number }));
    return;
  }
  if (matches.length > 1) {
    await ctx.reply(ctx.t('people:invite.ambiguousEmployee', { number }));
    return;
  }
  const hours = ctx.services.config.INVITE_TTL_HOURS;
  const code = await createInvite(ctx.services.models, {
    employeeId: employee._id,
    createdBy: ctx.from!.id,
    ttlHours: hours,
    now: ctx.services.now(),
  });
  await audit(ctx, 'people.invite', { employeeId: String(employee._id), personnelNumber: number });
  const link = `https://t.me/${ctx.me.username}?start=${code}`;
  await ctx.reply(ctx.t('people:invite.created', { name: employee.fullName, hours, link }), {
    link_preview_options: { is_disabled: true },
  });
});

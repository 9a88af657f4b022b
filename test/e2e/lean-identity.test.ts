import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedUser } from '../harness/index.ts';
import { kk } from '../support/i18n.ts';
import { World } from '../support/world.ts';

/** The operations the bot's own connection makes, by collection and method (mongoose's debug hook). */
let world: World;
let operations: { collection: string; method: string }[] = [];
let user: SimulatedUser;

beforeAll(async () => {
  world = await new World().start();
  await world.importRoster();
  world.app.services.models.Account.db.set('debug', (collection: string, method: string) => {
    operations.push({ collection, method });
  });
});
afterAll(async () => {
  world.app.services.models.Account.db.set('debug', false);
  await world.stop();
});

const WRITES = /^(update|insert|findOneAnd|replace|delete|bulkWrite)/;
const identityOperations = () =>
  operations.filter((op) => op.collection === 'accounts' || op.collection === 'employees');

describe('identify on a plain update', () => {
  it('writes nothing, and reads the identity only when it is not cached', async () => {
    user = world.api.user({ id: 620, firstName: 'Staff', phone: '77021112202' });
    await user.send('/start');
    await user.tap(kk('languageName'));
    await user.shareContact();
    const linked = await world.app.services.models.Employee.findOne({ telegramId: 620 }).lean();
    expect(linked?.personnelNumber).toBe('1002');

    operations = [];
    await user.send('/help');
    await user.send('/help');
    await user.send('/help');
    expect(user.lastMessage()?.text).toContain(kk('help.text'));
    expect(identityOperations().filter((op) => WRITES.test(op.method))).toEqual([]);
    // Linking changed the account: the first /help may read it once; the next ones read nothing.
    expect(identityOperations().length).toBeLessThanOrEqual(2);

    operations = [];
    await user.send('/help');
    // The hook sees the update's other operations (the delivery register of incoming messages).
    expect(operations.some((op) => op.collection === 'outboxchats')).toBe(true);
    expect(identityOperations()).toEqual([]);
  });

  it('a role given by a roster write is seen at the very next update', async () => {
    await user.send('/help');
    expect(user.lastMessage()?.text).not.toContain(kk('help.hr'));
    await world.app.services.models.Employee.updateOne(
      { telegramId: 620 },
      { $set: { roles: ['employee', 'hr'] } },
    );
    await user.send('/help');
    expect(user.lastMessage()?.text).toContain(kk('help.hr'));
  });
});

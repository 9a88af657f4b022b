// A roster upload through a self-hosted Bot API server started with --local: getFile answers an
// absolute path on this machine, and nothing can be downloaded over HTTP.
import { isAbsolute } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../support/world.ts';

const ADMIN_ID = 900_101;
let world: World;

beforeAll(async () => {
  world = await new World({ adminIds: [ADMIN_ID] }).start();
  await world.importRoster();
  world.api.serveFilesLocally();
});
afterAll(async () => {
  await world.stop();
});

describe('roster upload with a local Bot API server', () => {
  it('reads the file from the path getFile answers', async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    await hr.send('/import');
    await hr.sendDocument('docs/roster-example.csv');
    // The import runs as a task after the update: wait for it.
    await world.app.services.wakeTasks();
    const t = world.app.services.translator.forLanguage('kk');
    expect(hr.lastMessage()?.text).toBe(
      t('people:import.done', {
        organisations: 1,
        unitsCreated: 0,
        unitsUpdated: 0,
        employeesCreated: 0,
        employeesUpdated: 0,
        employeesUnchanged: 8,
      }),
    );
    const answered = world.api.callsOf('getFile').map((call) => call.response);
    expect(answered.length).toBeGreaterThan(0);
    for (const response of answered) {
      expect(response.ok && isAbsolute((response.result as { file_path: string }).file_path)).toBe(true);
    }
    expect(world.api.downloads).toEqual([]);
  });
});

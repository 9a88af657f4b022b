import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROSTER_ROWS } from '../../src/people/roster/index.ts';
import { ROSTER_STEPS } from '../../src/tasks/kinds.ts';
import { largeExample } from '../fixtures/roster/example-data.ts';
import { exampleWorkbook } from '../fixtures/roster/make-examples.ts';
import { kk } from '../support/i18n.ts';
import { World } from '../support/world.ts';

const ADMIN_ID = 900_001;
let world: World;

beforeAll(async () => {
  world = await new World({ adminIds: [ADMIN_ID] }).start();
  await world.importRoster();
});
afterAll(async () => {
  await world.stop();
});

describe('a roster file of the largest documented size', () => {
  it("is read off the event loop: another user's /help is answered while it is being read", async () => {
    const hr = world.api.user({ id: ADMIN_ID, firstName: 'Admin' });
    const staff = world.api.user({ id: 630, firstName: 'Staff' });
    const { Task, Employee } = world.app.services.models;
    const bytes = await exampleWorkbook(largeExample(MAX_ROSTER_ROWS), 'kk');

    await hr.send('/import');
    // The update ends once the import is queued; the file is read and written by the task.
    await hr.sendDocument({ fileName: 'staff.xlsx', bytes });
    for (let waited = 0; ; waited += 20) {
      const task = await Task.findOne({ kind: 'people.rosterImport' }).lean();
      if (task?.state === 'running' && task.progress?.done === ROSTER_STEPS.reading) break;
      if (waited > 60_000 || task?.state === 'done')
        throw new Error(`the import was not seen reading: ${task?.state}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    await staff.send('/help');
    expect(staff.lastMessage()?.text).toBe(kk('help.text'));
    // Answered while the file was still being read: nothing written yet, the task still at its first step.
    const during = await Task.findOne({ kind: 'people.rosterImport' }).lean();
    expect(during?.state).toBe('running');
    expect(during?.progress?.done).toBe(ROSTER_STEPS.reading);
    expect(await Employee.countDocuments()).toBe(8);

    await world.app.services.wakeTasks();
    expect(hr.lastMessage()?.text).toBe(
      kk('people:import.done', {
        organisations: 1,
        unitsCreated: 0,
        unitsUpdated: 0,
        employeesCreated: MAX_ROSTER_ROWS - 8,
        employeesUpdated: 0,
        employeesUnchanged: 8,
      }),
    );
    expect(await Employee.countDocuments()).toBe(MAX_ROSTER_ROWS);
  }, 180_000);
});

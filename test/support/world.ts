import { readFile } from 'node:fs/promises';
import type mongoose from 'mongoose';
import type { RunningApp } from '../../src/app.ts';
import { almatyDateOf } from '../../src/calendar/index.ts';
import { FakeBotApi } from '../harness/index.ts';
import { connectTestDb, freshDbName, startTestApp } from './test-app.ts';

/**
 * One test world: a fake Bot API, a fresh database, and the real bot started as `npm start` would.
 * `restart()` stops the bot process state completely and starts a new app on the same database.
 */
export class World {
  readonly api = new FakeBotApi();
  readonly dbName = freshDbName();
  app!: RunningApp;
  db!: mongoose.Connection;
  private apiRoot = '';
  /** Offset of the bot's clock from real time; time keeps flowing, so rate limits and timers still work. */
  private clockOffsetMs = 0;

  constructor(
    private options: { adminIds?: number[]; logLevel?: string; env?: Record<string, string> } = {},
  ) {}

  async start(): Promise<this> {
    this.apiRoot = (await this.api.start()).apiRoot;
    this.db = await connectTestDb(this.dbName);
    await this.startApp();
    return this;
  }

  /** Moves the bot's clock to `date` (it then runs on from there); null returns to real time. */
  setNow(date: Date | null): void {
    this.clockOffsetMs = date ? date.getTime() - Date.now() : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /** Restarts the bot; `adminIds` given replace ADMIN_TELEGRAM_IDS (an administrator removed, say). */
  async restart(options: { adminIds?: number[] } = {}): Promise<void> {
    if (options.adminIds) this.options = { ...this.options, adminIds: options.adminIds };
    await this.app.stop();
    await this.startApp();
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await this.db?.dropDatabase();
    await this.db?.close();
    await this.api.stop();
  }

  /** Waits until the outbox has nothing left in flight (sent, or undeliverable with HR alerted). */
  async outboxSettled(timeoutMs = 8_000): Promise<void> {
    const { OutboxItem } = this.app.services.models;
    for (let waited = 0; ; waited += 20) {
      const busy = await OutboxItem.exists({
        $or: [
          { state: { $in: ['queued', 'sending', 'unknown'] } },
          { state: 'undeliverable', undeliverableAlertPending: true },
        ],
      });
      if (!busy) return;
      if (waited > timeoutMs) {
        const left = await OutboxItem.find(
          { state: { $in: ['queued', 'sending', 'unknown', 'undeliverable'] } },
          { kind: 1, state: 1, notBefore: 1, attempts: 1 },
        ).lean();
        throw new Error(
          `outbox did not settle: ${JSON.stringify(left)} (bot clock ${this.now().toISOString()})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Sets the clock, runs what the 09:00 timer runs, and waits for the messages it queued. Returns the jobs that ran. */
  async dailyTickAt(iso: string): Promise<string[]> {
    this.setNow(new Date(iso));
    const ran = await this.app.scheduler.runDue();
    await this.outboxSettled();
    return ran;
  }

  /** Imports a roster file through the same code path as HR's upload. */
  async importRoster(path = 'docs/roster-example.csv'): Promise<void> {
    const { importRosterFile } = await import('../../src/people/roster/import.ts');
    const outcome = await importRosterFile(this.app.services.models, await readFile(path), path, {
      today: almatyDateOf(this.app.services.now()),
    });
    if (!outcome.ok) throw new Error(`roster import failed: ${JSON.stringify(outcome.errors)}`);
  }

  private async startApp(): Promise<void> {
    this.app = await startTestApp({
      apiRoot: this.apiRoot,
      dbName: this.dbName,
      adminIds: this.options.adminIds,
      logLevel: this.options.logLevel,
      env: this.options.env,
      now: () => this.now(),
    });
    // Updates run concurrently: an action ends when the bot has finished its update.
    this.api.trackUpdates(this.app.bot);
  }
}

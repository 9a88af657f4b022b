export {
  type EnqueueInput,
  type EnqueueResult,
  enqueue,
  enqueueMany,
  ensureOutboxButton,
  ITEM_ID_PLACEHOLDER,
  isOutboxMarkup,
  noteIncomingMessage,
  noteOutboxCallback,
  OUTBOX_CALLBACK_PREFIX,
  type OutboxTap,
  parseOutboxCallback,
} from './enqueue.ts';
export { acquireLease, releaseLease, renewLease } from './lease.ts';
export {
  createOutboxModels,
  initOutboxModels,
  OUTBOX_STATES,
  type OutboxItemRecord,
  type OutboxModels,
  type OutboxState,
} from './models.ts';
export { recordForeignMessages } from './transformer.ts';
export {
  type OutboxLogger,
  type OutboxWorker,
  type OutboxWorkerOptions,
  type OutboxWorkerStats,
  resolveSettings,
  startOutboxWorker,
} from './worker.ts';

/**
 * How long work reports how far it got: `done` of `total` items. Where it is a task's progress, the
 * call also keeps the task's lease and is where a stopping instance lets go (it may throw).
 */
export type Progress = (done: number, total: number | null) => Promise<void>;

import type { Connection } from 'mongoose';
import { type CalibrationModels, createCalibrationModels } from '../evaluation/calibration/models.ts';
import { type CommissionModels, createCommissionModels } from '../evaluation/commission/models.ts';
import { createKpiPlanModels, type KpiPlanModels } from '../evaluation/kpi-plan/models.ts';
import { createAnnualModels } from '../evaluation/ranking/annual-model.ts';
import { createRankingModels, type RankingModels } from '../evaluation/ranking/models.ts';
import { createSurvey360Models, type Survey360Models } from '../evaluation/survey360/models.ts';
import { createNoticeModels, type NoticeModels } from '../notifications/notice-models.ts';
import { createOutboxModels, type OutboxModels } from '../notifications/outbox/models.ts';
import { createSchedulerModels } from '../notifications/scheduler.ts';
import { createAuditModels } from '../people/audit-model.ts';
import { type AwaitingInputModels, createAwaitingInputModels } from '../people/awaiting-input.ts';
import { createPeopleModels, type PeopleModels } from '../people/models.ts';
import { createTaskModels, type TaskModels } from '../tasks/models.ts';
import { type ConversationStateModels, createConversationStateModels } from './conversation-state.ts';

export type Models = PeopleModels &
  Survey360Models &
  RankingModels &
  KpiPlanModels &
  ReturnType<typeof createAnnualModels> &
  OutboxModels &
  ReturnType<typeof createSchedulerModels> &
  NoticeModels &
  ReturnType<typeof createAuditModels> &
  AwaitingInputModels &
  TaskModels &
  CalibrationModels &
  ConversationStateModels &
  CommissionModels;

/** Registers every model on the connection and builds their indexes (unique keys protect invariants). */
export async function createModels(connection: Connection): Promise<Models> {
  const models: Models = {
    ...createPeopleModels(connection),
    ...createSurvey360Models(connection),
    ...createRankingModels(connection),
    ...createKpiPlanModels(connection),
    ...createAnnualModels(connection),
    ...createOutboxModels(connection),
    ...createSchedulerModels(connection),
    ...createNoticeModels(connection),
    ...createAuditModels(connection),
    ...createAwaitingInputModels(connection),
    ...createTaskModels(connection),
    ...createCalibrationModels(connection),
    ...createConversationStateModels(connection),
    ...createCommissionModels(connection),
  };
  await Promise.all(Object.values(models).map((model) => model.init()));
  return models;
}

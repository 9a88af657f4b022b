import { Composer } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import type { InputFlow } from '../../src/bot/input-router.ts';
import { calibrationArgument, receiveArgumentInput } from './argument.ts';
import { calibrationDecision, receiveDecisionInput } from './decision.ts';
import { calibrationProtocol } from './protocol.ts';
import { STEP } from './steps.ts';
import { calibrationVote, receiveScoreInput } from './vote.ts';

/** The calibration session in the bot: decision, votes, arguments, the protocol. */
export const calibration = new Composer<BotContext>();
calibration.use(calibrationDecision, calibrationVote, calibrationArgument, calibrationProtocol);

/** Typed input on a case: the step of the awaiting-input record says which flow it is for. */
export const calibrationInput: InputFlow = {
  async receive(ctx, awaiting) {
    switch (awaiting.step) {
      case STEP.scoreUp:
      case STEP.scoreDown:
        return receiveScoreInput(ctx, awaiting);
      case STEP.argument:
        return receiveArgumentInput(ctx, awaiting);
      default:
        return receiveDecisionInput(ctx, awaiting);
    }
  },
  async left(ctx) {
    return ctx.t('calibration:left');
  },
};

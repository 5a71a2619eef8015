/** Quiz and Chain Steps as game modes: one module, two configurations. */
import { STEP_KINDS } from '../../../shared/engine/index.ts';
import type { RoomConfig } from '../../../shared/protocol/index.ts';
import type { GameModeModule } from '../mode.ts';
import { quizAnswer, quizQuestion, quizQuestionsCsv } from './report.ts';
import { allAnswered, answered, checkSubmit, closeQuiz, openQuiz, progress, submit } from './round.ts';

export type { QuizEvent, QuizReplies } from './round.ts';

export const quizMode: GameModeModule<'answer:submit'> = {
  noun: 'question',
  elsewhere: 'this room does not take answers by answer:submit',
  // A set decides how many questions there are: one per item.
  configure: (config: RoomConfig) => (config.set ? { ...config, questionCount: config.set.items.length } : config),
  setup: () => ({}),
  open: (state, index) => openQuiz(state, index),
  actions: { 'answer:submit': { when: 'round', verb: 'answer', check: checkSubmit, run: submit } },
  answered,
  done: allAnswered,
  close: closeQuiz,
  progress: (_state, question, player) => progress(question, player),
  teamViews: false,
  playerPresence: 'lobby',
  views: { round: () => ({ relay: null }) },
  report: { answer: quizAnswer, question: quizQuestion, questionsCsv: quizQuestionsCsv },
};

/** The step kinds a chain-steps room asks: those it was given (a chain, a network that branches), else the chain. */
export function stepKindsOf(config: RoomConfig): RoomConfig['kinds'] {
  const kinds = config.kinds.filter((kind) => STEP_KINDS.includes(kind));
  return kinds.length > 0 ? kinds : ['chain-steps'];
}

/** Chain Steps: the quiz, asking only the backward pass step by step (through a chain, or where paths meet). */
export const chainStepsMode: GameModeModule<'answer:submit'> = {
  ...quizMode,
  configure: (config) => ({ ...config, kinds: stepKindsOf(config) }),
};

/**
 * The problem engine: pure and deterministic (no Math.random, no clock, no I/O), shared
 * by the server, the browser client and solo practice.
 */
export { ACTIVATIONS, LOSSES, MAX_LAYERS, evaluateNetwork, quantityKeys, validateNetwork } from './network.ts';
export { GRAPH_SHAPES, evaluateGraph, graphQuantityKeys, validateGraph } from './graph.ts';
export type { GraphNetwork, GraphNeuron, GraphShape } from './graph.ts';
export type { Activation, Layer, Loss, Network, Quantities, QuantityKey } from './network.ts';
export { PROBLEM_KINDS, STEP_KINDS, DIFFICULTIES, toPublicProblem, secretValues, secretForms, revealsSecret, numberTokens } from './problem.ts';
export type {
  AnswerFormat,
  Choice,
  Difficulty,
  GivenValue,
  Grading,
  Misconception,
  NumericGrading,
  Problem,
  ProblemKind,
  ProblemStep,
  QuestionKind,
  ChoiceGrading,
  PublicProblem,
  PublicProblemStep,
  SolutionStep,
} from './problem.ts';
export { generateProblem } from './generate-problem.ts';
export type { GenerateOptions } from './generate-problem.ts';
export { makeProblem, SEED_NETWORK, untestedMistakes } from './make-problem.ts';
export type { MakeProblemOptions } from './make-problem.ts';
export { gradeAnswer, VERDICT_STATUSES } from './grade-answer.ts';
export type { GradeContext, Verdict, VerdictStatus } from './grade-answer.ts';
export { MISCONCEPTION_KEYS } from './worked-procedure.ts';
export type { MisconceptionKey } from './worked-procedure.ts';
export { parseNumber, parseInteger, MAX_ANSWER_LENGTH } from './parse-answer.ts';
export type { ParseResult } from './parse-answer.ts';
export { LANGS, TEXT_KEYS, renderText, isTextKey } from './text.ts';
export type { Lang, Text, TextKey } from './text.ts';
export { formatNumber, latexNumber, roundSig } from './format-number.ts';
export { graphSymbol, quantitySymbol } from './symbols.ts';
export { graphLayers } from './graph-procedure.ts';
export { createRng, deriveSeed, withFallbackSeeds } from './prng.ts';
export type { Rng } from './prng.ts';
export { relayLinks, branchingRelayLinks, generateRelayProblem, makeRelayProblem, relayInputs } from './relay.ts';
export type { RelayInput, RelayKind, RelayLink, RelayProblem } from './relay.ts';
export {
  DESCENT_ACTIVATIONS,
  DESCENT_INPUTS,
  descentGrading,
  descentParams,
  generateDescentTask,
  gradeDescentStep,
  hasTwoInputs,
  initialGuess,
  initialGuesses,
  lossAt,
  lossLandscape,
  lossSurface,
  measure,
  toPublicDescentTask,
} from './descent.ts';
export type {
  DescentActivation,
  DescentInputs,
  DescentParam,
  DescentGrading,
  DescentMeasurement,
  DescentParams,
  DescentPoint,
  DescentStepResult,
  DescentTask,
  PublicDescentTask,
} from './descent.ts';

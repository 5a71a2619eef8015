/** Backprop Relay as a game mode: the team is the chain. */
import { relayView } from './view.ts';
import type { GameModeModule } from '../mode.ts';
import { stepKindsOf } from '../quiz/index.ts';
import { relayAnswer, relayLinksCsv, relayQuestion, relayTeamColumns } from './report.ts';
import { answered, checkRelaySubmit, closeRelay, leaveRelay, openRelay, progress, relayDone, relaySubmit, runsOf } from './round.ts';

export type { RelayEvent, RelayQuestionPart, RelayReplies } from './round.ts';

export const relayMode: GameModeModule<'relay:submit'> = {
  noun: 'round',
  elsewhere: 'this room does not play a relay',
  instead: { 'answer:submit': 'in a relay, send your link with relay:submit' },
  // A relay round always gives each team its own numbers: the projector shows every team's values as they are sent.
  // Its rounds run on a chain (`chain-steps`) or a network that branches (`branch-steps`), cycling; a chain when neither is given.
  configure: (config) => ({ ...config, kinds: stepKindsOf(config), teams: config.teams && { ...config.teams, variants: true } }),
  setup: () => ({}),
  open: openRelay,
  actions: { 'relay:submit': { when: 'round', verb: 'answer', check: checkRelaySubmit, run: relaySubmit } },
  answered,
  done: relayDone,
  close: closeRelay,
  leave: leaveRelay,
  progress: (_state, question, player) => progress(question, player),
  teamViews: false,
  playerPresence: 'lobby',
  views: { round: (state, question, audience, reveal) => ({ relay: relayView(state, runsOf(question), question, audience, reveal) }) },
  report: { answer: relayAnswer, question: relayQuestion, questionsCsv: relayLinksCsv, teamColumns: relayTeamColumns },
};

/** Descent Race as a game mode: teams race down one hidden loss landscape, one gradient step per iteration. */
import type { GameModeModule } from '../mode.ts';
import { descentAnswer, descentQuestion, descentReport, descentStepsCsv, descentTeamColumns } from './report.ts';
import {
  answered,
  checkTeam,
  chooseLr,
  closeDescent,
  configureDescent,
  confirm,
  descentDone,
  openDescent,
  progress,
  propose,
  setupDescent,
} from './round.ts';
import { descentView } from './view.ts';

export type { DescentEvent, DescentReplies, DescentRoomPart, DescentRoomState } from './round.ts';

export const descentMode: GameModeModule<'descent:propose' | 'descent:confirm' | 'descent:lr'> = {
  noun: 'iteration',
  elsewhere: 'this room does not play a descent race',
  instead: { 'answer:submit': 'in a descent race, propose with descent:propose' },
  configure: configureDescent,
  setup: setupDescent,
  open: openDescent,
  actions: {
    'descent:propose': { when: 'round', verb: 'propose', check: checkTeam, run: propose },
    'descent:confirm': { when: 'round', verb: 'propose', check: checkTeam, run: confirm },
    'descent:lr': { when: 'lobby', verb: 'choose the learning rate', run: chooseLr },
  },
  answered: (state) => answered(state),
  done: (state) => descentDone(state),
  close: closeDescent,
  progress: (state, _question, player) => progress(state, player),
  // A team sees its own run: every phase view goes out per team.
  teamViews: true,
  playerPresence: 'always',
  views: {
    lobby: (state, audience) => ({ descent: descentView(state, audience, 'lobby') }),
    round: (state, _question, audience, reveal) => ({ relay: null, descent: descentView(state, audience, reveal ? 'reveal' : 'question') }),
    podium: (state, audience) => ({ descent: descentView(state, audience, 'podium') }),
  },
  report: {
    answer: descentAnswer,
    question: descentQuestion,
    room: (state) => ({ descent: descentReport(state) }),
    questionsCsv: descentStepsCsv,
    teamColumns: descentTeamColumns,
  },
};

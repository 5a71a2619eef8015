/** Quiz and Chain Steps in the room machine: the checks before an answer, grading, closing early, steps in order. */
import { describe, expect, it } from 'vitest';
import { transition } from '../../../server/room/room-state.ts';
import { HOST, accept, closeAnswer, freshRoom, joinPlayers, openQuestion, player, refuse, rightAnswer } from '../../room/helpers.ts';
import { T0 } from '../../room/support.ts';

const timed = { timeLimitSec: 30, speedBonus: false, kinds: ['chain-gradient' as const], questionCount: 3 };

describe('answers', () => {
  function started(config = {}) {
    const s = joinPlayers(freshRoom({ ...timed, ...config }), ['Ada', 'Bo', 'Cy']);
    return accept(s, HOST, { type: 'game:start' }).state;
  }

  it('checks phase, membership, question id, duplicate and deadline, in that order', () => {
    let s = started();
    const { question } = openQuestion(s);
    const answer = rightAnswer(question.problem);
    refuse(s, HOST, { type: 'answer:submit', questionId: 'q1', answer, step: null }, 'not_in_room');
    refuse(s, player('ghost'), { type: 'answer:submit', questionId: 'q1', answer, step: null }, 'not_in_room');
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q9', answer, step: null }, 'stale_question');
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer, step: 1 }, 'invalid_step');

    const first = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer, step: null }, T0 + 1000);
    expect(first.reply).toEqual({ questionId: 'q1', step: null, nextStep: null, final: true, answer: { questionId: 'q1', steps: [answer], complete: true } });
    s = first.state;
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '5', step: null }, 'already_answered', T0 + 2000);
    // A stale id is reported before the duplicate; the duplicate before the deadline.
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q9', answer, step: null }, 'stale_question', T0 + 2000);
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer, step: null }, 'already_answered', T0 + 40_000);
    // At the deadline, by the server clock, even before the timer has fired.
    refuse(s, player('p2'), { type: 'answer:submit', questionId: 'q1', answer, step: null }, 'round_closed', T0 + 30_000);

    s = accept(s, HOST, { type: 'question:end', questionId: null }, T0 + 3000).state;
    refuse(s, player('p2'), { type: 'answer:submit', questionId: 'q1', answer, step: null }, 'round_closed', T0 + 3001);
    s = accept(s, HOST, { type: 'game:next', from: null }).state;
    s = accept(s, HOST, { type: 'game:next', from: null }).state;
    // The previous question's id in the next question is late, not stale.
    refuse(s, player('p2'), { type: 'answer:submit', questionId: 'q1', answer, step: null }, 'round_closed');
  });

  it('refuses an answer it cannot read without using up the attempt', () => {
    let s = started();
    const { question } = openQuestion(s);
    const error = refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: 'zero point one', step: null }, 'invalid_answer');
    expect(error.text).toEqual({ key: 'invalid.number' });
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(question.problem), step: null }).state;
    expect(question.submissions.p1).toBeUndefined();
    expect(openQuestion(s).question.submissions.p1!.steps[0]!.status).toBe('correct');
  });

  it('counts the first answer, or the last one before the close when changes are allowed', () => {
    for (const allowAnswerChange of [false, true]) {
      let s = started({ allowAnswerChange });
      const { question } = openQuestion(s);
      s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: closeAnswer(question.problem), step: null }, T0 + 1000).state;
      const second = transition(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(question.problem), step: null }, T0 + 2000);
      expect(second.ok).toBe(allowAnswerChange);
      if (second.ok) {
        expect(second.reply.final).toBe(false);
        s = second.state;
      }
      s = accept(s, HOST, { type: 'question:end', questionId: null }, T0 + 3000).state;
      expect(s.players.p1!.score).toBe(allowAnswerChange ? 1000 : 500);
    }
  });

  it('closes early when every connected player has answered; someone away does not hold the room', () => {
    let s = started();
    const { question } = openQuestion(s);
    const answer = rightAnswer(question.problem);
    s = accept(s, player('p3'), { type: 'drop' }).state;
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer, step: null }, T0 + 1000).state;
    expect(s.phase.phase).toBe('question');
    const last = accept(s, player('p2'), { type: 'answer:submit', questionId: 'q1', answer, step: null }, T0 + 2000);
    expect(last.state.phase).toEqual({ phase: 'reveal', index: 0 });
    expect(last.state.questions[0]!.closedBy).toBe('all-answered');
    expect(last.reply.final).toBe(true);
    // The player who was away gets no points, and the question counts as asked.
    expect(last.state.players.p3).toMatchObject({ score: 0, asked: 1, streak: 0 });
  });

  it('does not close on answers while nobody is connected, and closes on a leave that completes the room', () => {
    let s = started();
    const { question } = openQuestion(s);
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(question.problem), step: null }, T0 + 1000).state;
    s = accept(s, player('p2'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(question.problem), step: null }, T0 + 1000).state;
    expect(s.phase.phase).toBe('question');
    const left = accept(s, player('p3'), { type: 'room:leave' }, T0 + 2000);
    expect(left.state.phase.phase).toBe('reveal');
    expect(left.state.players.p3).toBeUndefined();
  });
});

describe('chain steps inside one question', () => {
  function chain(config = {}) {
    let s = joinPlayers(freshRoom({ mode: 'chain-steps', questionCount: 1, timeLimitSec: 60, speedBonus: false, ...config }), ['Ada', 'Bo']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    return s;
  }

  it('takes the steps in order and grades each one against the player’s own earlier steps', () => {
    let s = chain();
    const problem = openQuestion(s).question.problem;
    const steps = problem.steps!;
    expect(steps).toHaveLength(5);
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '1', step: null }, 'invalid_step');
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '1', step: 1 }, 'invalid_step');
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '1', step: 5 }, 'invalid_step');

    // Ada slips on step 0 (sign flipped), then computes honestly from her own value.
    const slipped = -steps[0]!.answer;
    const [dydz, dzdw] = [steps[1]!.answer, steps[2]!.answer];
    const dLdw = slipped * dydz * dzdw;
    const wNew = problem.network!.layers[0]!.w - problem.network!.lr * dLdw;
    const ada = [slipped, dydz, dzdw, dLdw, wNew].map(String);
    ada.forEach((answer, step) => {
      const out = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer, step }, T0 + 1000 + step);
      expect(out.reply.nextStep).toBe(step < 4 ? step + 1 : null);
      s = out.state;
    });
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '1', step: 2 }, 'already_answered');
    expect(s.phase.phase).toBe('question');
    // Bo answers two steps right and stops.
    s = accept(s, player('p2'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem, 0), step: 0 }).state;
    s = accept(s, player('p2'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem, 1), step: 1 }).state;
    s = accept(s, HOST, { type: 'question:end', questionId: null }, T0 + 5000).state;

    const adaResult = s.questions[0]!.results!.p1!;
    expect(adaResult.verdicts.map((v) => [v.status === 'correct', v.consistent])).toEqual([
      [false, false],
      [true, true],
      [true, true],
      [false, true],
      [false, true],
    ]);
    expect(adaResult.verdicts.map((v) => v.credit)).toEqual([0, 1, 1, 0.75, 0.75]);
    expect(adaResult).toMatchObject({ status: 'partial', points: 700, correct: false });
    expect(s.questions[0]!.results!.p2).toMatchObject({ status: 'partial', points: 400 });
    expect(s.players.p1).toMatchObject({ score: 700, correct: 0, asked: 1 });
  });

  it('regrades later steps when an earlier one changes (changes allowed)', () => {
    let s = chain({ allowAnswerChange: true });
    const problem = openQuestion(s).question.problem;
    const steps = problem.steps!;
    const slipped = -steps[0]!.answer;
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: String(slipped), step: 0 }).state;
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem, 1), step: 1 }).state;
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem, 2), step: 2 }).state;
    const consistentWithSlip = slipped * steps[1]!.answer * steps[2]!.answer;
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: String(consistentWithSlip), step: 3 }).state;
    expect(openQuestion(s).question.submissions.p1!.steps[3]!.consistent).toBe(true);
    // Fixing step 0 makes step 3 inconsistent with it.
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem, 0), step: 0 }).state;
    expect(openQuestion(s).question.submissions.p1!.steps[3]!.consistent).toBe(false);
  });
});


/**
 * The contest form's own checks, before anything is sent: the limits it copies from the contract
 * (so the page loads no schema) and the rooms' labels, which the server also refuses when empty or
 * repeated (CreateContestSchema).
 */
import { describe, expect, it } from 'vitest';
import { CONTEST_LIMITS, CreateContestSchema } from '../../shared/protocol/contests.ts';
import { LIMITS } from '../../shared/protocol/constants.ts';
import { FORM_LIMITS, labelProblems } from '../../client/pages/contests/contest-list.tsx';
import { fileNameOf, reportPath } from '../../client/contests/contest-api.ts';

describe('the contest form', () => {
  it('has the contract’s limits', () => {
    expect(FORM_LIMITS).toEqual({
      titleLength: CONTEST_LIMITS.titleLength,
      roomLabelLength: CONTEST_LIMITS.roomLabelLength,
      maxRooms: CONTEST_LIMITS.maxRooms,
      maxTeams: LIMITS.maxTeams,
      maxTimeLimitSec: LIMITS.maxTimeLimitSec,
    });
  });

  it('flags the labels the server refuses, and only those', () => {
    const cases: string[][] = [['Class 8-1', 'Class 8-2'], ['Class 8-1', ' Class 8-1 '], ['', 'B'], ['A', '  '], ['八年级一班', '八年级二班', '八年级一班']];
    for (const labels of cases) {
      const problems = labelProblems(labels);
      const accepted = CreateContestSchema.safeParse({ title: 'T', setId: 'builtin:one-neuron:en', rooms: labels.map((label) => ({ label })), ranking: 'players' }).success;
      expect(problems.every((p) => p === null), labels.join('|')).toBe(accepted);
    }
    expect(labelProblems(['A', 'A', ''])).toEqual([null, 'duplicate', 'empty']);
  });

  it('asks for the report at the contract’s paths and keeps the server’s file name', () => {
    expect(reportPath('AB12CD', 'json')).toBe('/api/contests/AB12CD/report');
    expect(reportPath('AB12CD', { csv: 'mistakes' })).toBe('/api/contests/AB12CD/report?format=csv&part=mistakes');
    expect(fileNameOf(`attachment; filename="contest.csv"; filename*=UTF-8''%E6%AF%94%E8%B5%9B.csv`)).toBe('比赛.csv');
    expect(fileNameOf('attachment; filename="contest-AB12CD-players.csv"')).toBe('contest-AB12CD-players.csv');
    expect(fileNameOf('inline')).toBeNull();
  });
});

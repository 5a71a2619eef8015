/**
 * The contest report as CSV files (the format of every report: server/report/csv.ts, UTF-8 with a BOM),
 * headers in the contest's language: players, teams, rooms, questions, and the mistakes across rooms.
 */
import type { ContestCsvPart, ContestReport } from '../../shared/protocol/contests.ts';
import { type Cell, LABELS, percent, textCell, toCsv } from '../report/csv.ts';

const MORE = {
  'zh-CN': { room: '房间', roomCode: '房间号', meanScore: '人均得分', status: '状态', questionIndex: '当前题号', mistake: '错因', key: '代码', count: '次数' },
  en: { room: 'Room', roomCode: 'Room code', meanScore: 'Mean score', status: 'Status', questionIndex: 'Question', mistake: 'Misconception', key: 'Key', count: 'Count' },
} as const;

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export function contestCsv(report: ContestReport, part: ContestCsvPart, texts: ReadonlyMap<string, string>): string {
  const lang = report.contest.settings.lang;
  const l = LABELS[lang];
  const m = MORE[lang];
  const labels = new Map(report.rooms.map((r) => [r.slotId, r.label]));
  const rows: Cell[][] = [];
  switch (part) {
    case 'players':
      rows.push([l.rank, l.player, m.room, l.team, l.total, l.correct, l.asked, l.accuracy]);
      for (const p of report.players) rows.push([p.rank, p.name, p.roomLabel, p.teamName, p.score, p.correct, p.asked, percent(ratio(p.correct, p.asked))]);
      break;
    case 'teams':
      rows.push([l.rank, l.team, m.room, l.teamScore, l.memberCount]);
      for (const t of report.teams ?? []) rows.push([t.rank, t.name, t.roomLabel, t.score, t.members]);
      break;
    case 'rooms':
      rows.push([l.rank, m.room, m.roomCode, m.status, m.questionIndex, l.players, m.meanScore]);
      for (const r of report.rooms) rows.push([r.rank, r.label, r.roomCode, r.status, r.questionIndex === null ? null : r.questionIndex + 1, r.players, r.meanScore]);
      break;
    case 'questions': {
      const slots = report.rooms.map((r) => r.slotId);
      rows.push([l.question, l.answered, l.correct, l.accuracy, ...slots.map((s) => `${labels.get(s)} ${l.accuracy}`), l.misconceptions]);
      for (const q of report.questions) {
        const mistakes = q.mistakes.map((x) => `${texts.has(x.key) ? textCell(texts.get(x.key)!) : x.key} × ${x.count}`).join(l.list);
        rows.push([
          q.index + 1,
          q.answered,
          q.correct,
          percent(ratio(q.correct, q.answered)),
          ...slots.map((s) => (q.correctByRoom[s] === undefined ? null : percent(q.correctByRoom[s]!))),
          mistakes || null,
        ]);
      }
      break;
    }
    case 'mistakes': {
      const slots = report.rooms.map((r) => r.slotId);
      rows.push([m.mistake, m.key, m.count, ...slots.map((s) => labels.get(s)!)]);
      for (const x of report.mistakes) rows.push([texts.has(x.key) ? textCell(texts.get(x.key)!) : null, x.key, x.count, ...slots.map((s) => x.rooms[s] ?? 0)]);
      break;
    }
  }
  return toCsv(rows);
}

/**
 * The report as CSV files a teacher opens in Excel, WPS or LibreOffice (the format: csv.ts).
 * The players and teams files are the same in every mode (a mode may add team columns); the
 * questions file is laid out by the room's mode.
 */
import type { RoomReport } from '../../shared/protocol/index.ts';
import { MODES } from '../modes/registry.ts';
import { type Cell, LABELS, percent, textCell, toCsv } from './csv.ts';

export { guardCell } from './csv.ts';

/** Per player: name, team, then per question the answer as typed, verdict, diagnosis, seconds and points; then totals. */
export function playersCsv(report: RoomReport): string {
  const l = LABELS[report.room.lang];
  const questionMessages = new Map(report.questions.flatMap((q) => q.misconceptions.map((m) => [m.key, textCell(m.text)] as const)));
  const header: Cell[] = [l.rank, l.player, l.team];
  for (const q of report.questions) {
    const name = `Q${q.index + 1}`;
    header.push(`${name} ${l.answer}`, `${name} ${l.verdict}`, `${name} ${l.diagnosis}`, `${name} ${l.seconds}`, `${name} ${l.points}`);
  }
  header.push(l.total, l.correct, l.asked, l.accuracy, l.note);
  const rows: Cell[][] = [header];
  for (const p of report.players) {
    const row: Cell[] = [p.rank, p.name, p.team];
    p.answers.forEach((a, i) => {
      const question = report.questions[i]!;
      const verdict = question.void ? l.void : a.status === null ? null : l.status[a.status];
      const diagnosis = a.diagnoses.map((key) => questionMessages.get(key) ?? key).join(l.list);
      row.push(a.answer, verdict, diagnosis || null, a.seconds, a.points);
    });
    row.push(p.score, p.correct, p.asked, percent(p.accuracy), p.departed === null ? null : l[p.departed]);
    rows.push(row);
  }
  return toCsv(rows);
}

/** Per question (or, in a team mode, per team and round): as the room's mode lays it out. */
export function questionsCsv(report: RoomReport): string {
  return toCsv(MODES[report.room.mode].report.questionsCsv(report));
}

/** Per team: rank, name, score, members with their scores, then the columns the room's mode adds. */
export function teamsCsv(report: RoomReport): string {
  const l = LABELS[report.room.lang];
  const columns = MODES[report.room.mode].report.teamColumns;
  const header: Cell[] = [l.rank, l.team, l.teamScore, l.memberCount, l.members, ...(columns?.header(report) ?? [])];
  const rows: Cell[][] = [header];
  for (const t of report.teams ?? []) {
    const row: Cell[] = [t.rank, t.name, t.score, t.members.length, t.members.map((m) => `${m.name} (${m.score})`).join(l.list) || null];
    if (columns) row.push(...columns.row(report, t.teamId));
    rows.push(row);
  }
  return toCsv(rows);
}

/**
 * The teacher's side of an assignment, from the store's rows alone: the live view (who has started
 * and finished, per-item accuracy, the common mistakes, every student's items) and the report, as
 * JSON and as CSV parts with a BOM (server/report/csv.ts). The teacher sees every verdict at once,
 * whatever the students' feedback setting.
 */
import { type Lang, type Text, renderText } from '../../shared/engine/index.ts';
import { type SetItem, problemForItem } from '../../shared/question-sets/index.ts';
import type {
  AssignmentCsvPart,
  AssignmentItemRow,
  AssignmentReport,
  AssignmentStudentRow,
  AssignmentTeacherView,
  AssignmentView,
} from '../../shared/protocol/homework.ts';
import { type Cell, textCell, toCsv } from '../report/csv.ts';
import type { AnswerRecord, AssignmentRecord, StudentRecord } from './homework-store.ts';
import { type ProblemCache, progressOf, statusOf, windowAt } from './homework-progress.ts';

export interface AssignmentData {
  assignment: AssignmentRecord;
  students: StudentRecord[];
  answers: AnswerRecord[];
  /** Each item's step count, kept between calls (the live view is polled). */
  problems: ProblemCache;
}

export function assignmentView(assignment: AssignmentRecord, now: number): AssignmentView {
  return {
    code: assignment.code,
    title: assignment.title,
    set: { id: assignment.settings.setId, title: assignment.set.title },
    settings: assignment.settings,
    lang: assignment.set.lang,
    items: assignment.set.items.length,
    window: windowAt(assignment, now),
    path: `/hw/${assignment.code}`,
    createdAt: assignment.createdAt,
    serverNow: now,
  };
}

function byStudent(answers: readonly AnswerRecord[]): Map<string, AnswerRecord[]> {
  const grouped = new Map<string, AnswerRecord[]>();
  for (const answer of answers) {
    let list = grouped.get(answer.studentId);
    if (!list) grouped.set(answer.studentId, (list = []));
    list.push(answer);
  }
  return grouped;
}

interface Tally {
  students: AssignmentStudentRow[];
  perItem: AssignmentItemRow[];
}

function tally({ assignment, students, answers, problems }: AssignmentData): Tally {
  const grouped = byStudent(answers);
  const stepCounts = problems.stepCounts(assignment);
  const perItem: AssignmentItemRow[] = assignment.set.items.map((item, i) => ({
    item: i,
    kind: item.type === 'generated' ? item.kind : item.type === 'choice' ? 'multiple-choice' : 'numeric',
    finished: 0,
    correct: 0,
    skipped: 0,
    mistakes: [],
  }));
  const mistakes = perItem.map(() => new Map<string, number>());
  const rows = students.map((student): AssignmentStudentRow => {
    const own = grouped.get(student.id) ?? [];
    const progress = progressOf(assignment, own, stepCounts);
    for (const state of progress.items) {
      const row = perItem[state.item]!;
      if (state.finished) row.finished++;
      if (state.right) row.correct++;
      if (state.skipped && !state.right) row.skipped++;
    }
    for (const answer of own) {
      if (answer.diagnosis === null) continue;
      const counts = mistakes[answer.item];
      counts?.set(answer.diagnosis, (counts.get(answer.diagnosis) ?? 0) + 1);
    }
    return {
      studentId: student.id,
      name: student.name,
      studentNumber: student.studentNumber,
      startedAt: student.startedAt,
      lastSeenAt: student.lastSeenAt,
      finishedAt: student.finishedAt,
      itemsDone: progress.items.filter((s) => s.finished).length,
      correct: progress.items.filter((s) => s.right).length,
      score: progress.items.reduce((sum, s) => sum + s.points, 0),
      items: progress.items.map((s) => statusOf(s, progress.current, true)),
    };
  });
  perItem.forEach((row, i) => {
    row.mistakes = [...mistakes[i]!].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  });
  return { students: rows, perItem };
}

export function teacherView(data: AssignmentData, now: number): AssignmentTeacherView {
  const { students, perItem } = tally(data);
  return {
    ...assignmentView(data.assignment, now),
    started: students.length,
    finished: students.filter((s) => s.finishedAt !== null).length,
    students,
    perItem,
  };
}

/**
 * What each choice of a multiple-choice item says, by id, so an answer `b` reads as the choice itself.
 * The choices are the same for every student (a teacher's own, in the teacher's order; which way w moves),
 * so one problem of the item tells them. Null for the other items.
 */
function choiceLabels(items: readonly SetItem[]): Array<Map<string, Text> | null> {
  return items.map((item) => {
    if (item.type !== 'choice' && !(item.type === 'generated' && item.kind === 'direction')) return null;
    const choices = problemForItem(item, { seed: 0, variant: null }).choices ?? [];
    return new Map(choices.map((c) => [c.id, c.label]));
  });
}

export function assignmentReport(data: AssignmentData, now: number): AssignmentReport {
  const { students, perItem } = tally(data);
  const people = new Map(data.students.map((s) => [s.id, s]));
  const labels = choiceLabels(data.assignment.set.items);
  return {
    assignment: assignmentView(data.assignment, now),
    students,
    perItem,
    answers: data.answers.map((a) => {
      const student = people.get(a.studentId);
      return {
        studentId: a.studentId,
        name: student?.name ?? '',
        studentNumber: student?.studentNumber ?? null,
        item: a.item,
        attempt: a.attempt,
        step: a.step,
        answer: a.answer,
        choice: labels[a.item]?.get(a.answer) ?? null,
        status: a.status,
        diagnosis: a.diagnosis,
        at: a.at,
      };
    }),
  };
}

// ─── CSV ────────────────────────────────────────────────────────────────────────────

const LABELS = {
  'zh-CN': {
    name: '姓名',
    number: '学号',
    started: '开始时间',
    lastSeen: '最近活动',
    finished: '完成时间',
    done: '已完成题数',
    correct: '答对题数',
    score: '得分',
    item: '第 {n} 题',
    itemNo: '题号',
    attempt: '第几次',
    step: '步骤',
    answer: '答案',
    choice: '所选选项',
    status: '结果',
    diagnosis: '错因',
    at: '时间',
    kind: '题型',
    finishedCount: '完成人数',
    correctCount: '答对人数',
    skippedCount: '跳过人数',
    accuracy: '正确率（%）',
    mistake: '错误类型',
    explanation: '说明',
    count: '次数',
    statuses: { todo: '未到', current: '进行中', right: '正确', close: '接近', wrong: '错误', skipped: '跳过', recorded: '已记录', correct: '正确', partial: '部分正确' },
  },
  en: {
    name: 'Name',
    number: 'Student number',
    started: 'Started',
    lastSeen: 'Last seen',
    finished: 'Finished',
    done: 'Items done',
    correct: 'Correct',
    score: 'Score',
    item: 'Item {n}',
    itemNo: 'Item',
    attempt: 'Attempt',
    step: 'Step',
    answer: 'Answer',
    choice: 'Choice chosen',
    status: 'Verdict',
    diagnosis: 'Diagnosis',
    at: 'Time',
    kind: 'Kind',
    finishedCount: 'Finished',
    correctCount: 'Correct',
    skippedCount: 'Skipped',
    accuracy: 'Accuracy (%)',
    mistake: 'Mistake',
    explanation: 'Explanation',
    count: 'Count',
    statuses: { todo: 'not reached', current: 'in progress', right: 'right', close: 'close', wrong: 'wrong', skipped: 'skipped', recorded: 'recorded', correct: 'correct', partial: 'partial' },
  },
} satisfies Record<Lang, unknown>;

/** Times as UTC ISO 8601: a spreadsheet reads them, and they do not depend on the server's zone. */
function time(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function statusText(lang: Lang, status: string): string {
  return (LABELS[lang].statuses as Record<string, string>)[status] ?? status;
}

function message(text: Text | null, lang: Lang): string | null {
  return text === null ? null : textCell(renderText(text, lang));
}

export function assignmentCsv(data: AssignmentData, part: AssignmentCsvPart): string {
  const lang = data.assignment.set.lang;
  const l = LABELS[lang];
  const { students, perItem } = tally(data);
  const people = new Map(data.students.map((s) => [s.id, s]));
  const rows: Cell[][] = [];
  switch (part) {
    case 'students': {
      rows.push([l.name, l.number, l.started, l.lastSeen, l.finished, l.done, l.correct, l.score, ...perItem.map((p) => l.item.replace('{n}', String(p.item + 1)))]);
      for (const s of students) {
        rows.push([s.name, s.studentNumber, time(s.startedAt), time(s.lastSeenAt), time(s.finishedAt), s.itemsDone, s.correct, s.score, ...s.items.map((i) => statusText(lang, i))]);
      }
      break;
    }
    case 'answers': {
      const labels = choiceLabels(data.assignment.set.items);
      rows.push([l.name, l.number, l.itemNo, l.attempt, l.step, l.answer, l.choice, l.status, l.diagnosis, l.at]);
      for (const a of data.answers) {
        const student = people.get(a.studentId);
        rows.push([
          student?.name ?? '',
          student?.studentNumber ?? null,
          a.item + 1,
          a.attempt + 1,
          a.step === null ? null : a.step + 1,
          a.answer,
          message(labels[a.item]?.get(a.answer) ?? null, lang),
          statusText(lang, a.status === 'correct' ? 'right' : a.status),
          a.diagnosis === null ? null : message(a.message, lang),
          time(a.at),
        ]);
      }
      break;
    }
    case 'items': {
      rows.push([l.itemNo, l.kind, l.finishedCount, l.correctCount, l.skippedCount, l.accuracy]);
      for (const p of perItem) rows.push([p.item + 1, p.kind, p.finished, p.correct, p.skipped, p.finished === 0 ? null : Math.round((p.correct / p.finished) * 1000) / 10]);
      break;
    }
    case 'mistakes': {
      rows.push([l.itemNo, l.mistake, l.explanation, l.count]);
      const texts = new Map<string, Text>();
      for (const a of data.answers) if (a.diagnosis !== null && a.message !== null && !texts.has(`${a.item}:${a.diagnosis}`)) texts.set(`${a.item}:${a.diagnosis}`, a.message);
      for (const p of perItem) for (const m of p.mistakes) rows.push([p.item + 1, m.key, message(texts.get(`${p.item}:${m.key}`) ?? null, lang), m.count]);
      break;
    }
    default: {
      const never: never = part;
      throw new Error(`unknown part ${String(never)}`);
    }
  }
  return toCsv(rows);
}

import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { AssignmentReport, AssignmentTeacherView, HomeworkItemStatus } from '../../../shared/protocol/homework.ts';
import { useI18n } from '../../app-context.ts';
import { RichText } from '../../components/math/index.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { shortDateTime } from './local-time.ts';

const MARK: Record<HomeworkItemStatus, string> = { todo: '·', current: '•', right: '✓', close: '≈', wrong: '✗', skipped: '–', recorded: '✎' };

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

/** A mistake's key in words when the engine names it (a misconception), else as the server sent it. */
function useMistakeLabel(): (key: string) => string {
  const { t } = useI18n();
  return (key) => {
    const named = t(`misconception.${key}` as MessageKey);
    return named === `misconception.${key}` ? key : named;
  };
}

/** Per item: how many finished it, the share right, skips, and the most common mistakes. */
export function ItemTable({ view }: { view: AssignmentTeacherView }) {
  const { t } = useI18n();
  const mistake = useMistakeLabel();
  return (
    // Scrolls sideways on its own on a narrow screen: focusable, so a keyboard can scroll it too.
    <div class="assignment__table-wrap" tabIndex={0} role="region" aria-label={t('assignments.perItem')}>
      <table class="assignment__table" data-testid="item-table">
        <thead>
          <tr>
            <th scope="col">{t('assignments.col.item')}</th>
            <th scope="col">{t('assignments.col.kind')}</th>
            <th scope="col">{t('assignments.col.finished')}</th>
            <th scope="col">{t('assignments.col.accuracy')}</th>
            <th scope="col">{t('assignments.col.skipped')}</th>
            <th scope="col">{t('assignments.col.mistakes')}</th>
          </tr>
        </thead>
        <tbody>
          {view.perItem.map((row) => (
            <tr key={row.item} data-item={row.item}>
              <th scope="row">{row.item + 1}</th>
              <td>{kindLabel(t, row.kind)}</td>
              <td class="num">{row.finished}</td>
              <td class="num" data-testid="item-accuracy">
                {percent(row.correct, row.finished)}
                <span class="muted"> ({t('assignments.rightOf', { right: row.correct, of: row.finished })})</span>
              </td>
              <td class="num">{row.skipped}</td>
              <td>
                {row.mistakes.length === 0 ? (
                  <span class="muted">–</span>
                ) : (
                  <ul class="assignment__mistakes">
                    {[...row.mistakes]
                      .sort((a, b) => b.count - a.count)
                      .slice(0, 3)
                      .map((m) => (
                        <li key={m.key}>
                          {mistake(m.key)} <span class="muted">×{m.count}</span>
                        </li>
                      ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every student: where they are, and (a row opened) each of their answers. */
export function StudentTable({ view, report, onWantAnswers }: { view: AssignmentTeacherView; report: AssignmentReport | null; onWantAnswers: () => void }) {
  const { t, lang } = useI18n();
  const mistake = useMistakeLabel();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const withNumbers = view.settings.studentNumber !== 'off';
  const columns = withNumbers ? 8 : 7;
  if (view.students.length === 0) return <p class="muted">{t('assignments.noStudents')}</p>;
  const toggle = (studentId: string) => {
    onWantAnswers();
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(studentId)) next.delete(studentId);
      else next.add(studentId);
      return next;
    });
  };
  return (
    <div class="assignment__table-wrap" tabIndex={0} role="region" aria-label={t('assignments.students')}>
      <table class="assignment__table" data-testid="student-table">
        <thead>
          <tr>
            <th scope="col">{t('assignments.col.name')}</th>
            {withNumbers && <th scope="col">{t('assignments.col.number')}</th>}
            <th scope="col">{t('assignments.col.progress')}</th>
            <th scope="col">{t('assignments.col.done')}</th>
            <th scope="col">{t('assignments.col.correct')}</th>
            <th scope="col">{t('assignments.col.score')}</th>
            <th scope="col">{t('assignments.col.lastSeen')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('assignments.col.answers')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.students.map((s) => {
            const expanded = open.has(s.studentId);
            const answers = report?.answers.filter((a) => a.studentId === s.studentId) ?? null;
            return (
              <Fragment key={s.studentId}>
                <tr data-student={s.name}>
                  <th scope="row">
                    <bdi>{s.name}</bdi>
                    {s.finishedAt !== null && <span class="assignment__done-badge">{t('assignments.finishedBadge')}</span>}
                  </th>
                  {withNumbers && <td>{s.studentNumber ?? '–'}</td>}
                  <td>
                    <span class="assignment__marks" role="img" aria-label={s.items.map((status, i) => t('homework.strip.item', { n: i + 1, status: t(`homework.status.${status}`) })).join(', ')}>
                      {s.items.map((status, i) => (
                        <span key={i} class={`assignment__mark assignment__mark--${status}`} aria-hidden="true">
                          {MARK[status]}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td class="num" data-testid="student-done">
                    {s.itemsDone}/{view.items}
                  </td>
                  <td class="num">{s.correct}</td>
                  <td class="num" data-testid="student-score">
                    {s.score}
                  </td>
                  <td>{shortDateTime(s.lastSeenAt, lang.value)}</td>
                  <td>
                    <button type="button" class="button button--quiet" aria-expanded={expanded} onClick={() => toggle(s.studentId)}>
                      {t(expanded ? 'assignments.hideAnswers' : 'assignments.showAnswers')}
                      <span class="visually-hidden"> — {s.name}</span>
                    </button>
                  </td>
                </tr>
                {expanded && (
                  <tr class="assignment__answers-row">
                    <td colSpan={columns}>
                      {answers === null ? (
                        <p class="muted">{t('homework.loading')}</p>
                      ) : answers.length === 0 ? (
                        <p class="muted">{t('assignments.noAnswers')}</p>
                      ) : (
                        <table class="assignment__answers" data-testid="student-answers">
                          <thead>
                            <tr>
                              <th scope="col">{t('assignments.col.item')}</th>
                              <th scope="col">{t('assignments.col.attempt')}</th>
                              <th scope="col">{t('assignments.col.answer')}</th>
                              <th scope="col">{t('assignments.col.verdict')}</th>
                              <th scope="col">{t('assignments.col.diagnosis')}</th>
                              <th scope="col">{t('assignments.col.at')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {answers.map((a, i) => (
                              <tr key={i}>
                                <td>
                                  {a.item + 1}
                                  {a.step !== null && <span class="muted"> · {t('problem.step', { n: a.step + 1 })}</span>}
                                </td>
                                <td class="num">{a.attempt + 1}</td>
                                <td class="assignment__answer">
                                  {a.choice ? (
                                    // A choice is read by what it says; its letter is kept for reference.
                                    <>
                                      <span class="muted">({a.answer})</span> <RichText text={a.choice} />
                                    </>
                                  ) : (
                                    a.answer || '–'
                                  )}
                                </td>
                                <td>{statusLabel(t, a.status)}</td>
                                <td>{a.diagnosis ? mistake(a.diagnosis) : '–'}</td>
                                <td>{shortDateTime(a.at, lang.value)}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function statusLabel(t: ReturnType<typeof useI18n>['t'], status: string): string {
  if (status === 'skipped') return t('homework.status.skipped');
  const key = `verdict.${status}` as MessageKey;
  const label = t(key);
  return label === key ? status : label;
}

/** A generated item's kind as the library names it; a teacher's own numeric question as such. */
function kindLabel(t: ReturnType<typeof useI18n>['t'], kind: string): string {
  if (kind === 'numeric') return t('assignments.kind.numeric');
  if (kind === 'choice') return t('kind.multiple-choice');
  const key = `kind.${kind}` as MessageKey;
  const label = t(key);
  return label === key ? kind : label;
}

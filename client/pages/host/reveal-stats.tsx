import type { Choice, PublicProblem } from '../../../shared/engine/index.ts';
import type { DistributionEntry, MisconceptionCount, RevealStats, StepStats, TeamInfo, TeamRoundResult } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { MathTex, RichText } from '../../components/math/index.tsx';
import { formatPoints } from '../../components/standings/format-points.ts';
import { StatusIcon } from '../../components/status-icon/index.tsx';
import { TeamTag } from '../../components/team-tag/index.tsx';

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

function answerLabel(entry: DistributionEntry, choices: readonly Choice[] | undefined) {
  const choice = choices?.find((c) => c.id === entry.answer);
  // One box, so text and math of a choice wrap together instead of becoming columns of the flex row.
  if (choice) return <span class="histogram__label"><RichText text={choice.label} /></span>;
  return <span class="histogram__number">{entry.answer.replace(/^-/, '−')}</span>;
}

/** How the room answered: one bar per distinct answer, each with its verdict as a shape and a word. */
export function AnswerHistogram({ distribution, answered, noAnswer, problem, caption }: {
  distribution: readonly DistributionEntry[];
  answered: number;
  noAnswer: number;
  problem: PublicProblem;
  caption: string;
}) {
  const { t } = useI18n();
  const max = Math.max(1, noAnswer, ...distribution.map((d) => d.count));
  const rows = [
    ...distribution.map((entry) => ({ key: `${entry.status}|${entry.answer}`, label: answerLabel(entry, problem.choices), status: entry.status, count: entry.count })),
    ...(noAnswer > 0 ? [{ key: 'none', label: <span>{t('result.none')}</span>, status: null, count: noAnswer }] : []),
  ];
  return (
    <figure class="histogram">
      <figcaption class="histogram__caption">{caption}</figcaption>
      {rows.length === 0 ? (
        <p class="muted">{t('host.reveal.nobody')}</p>
      ) : (
        <ul class="histogram__rows">
          {rows.map((row) => (
            <li key={row.key} class={`histogram__row histogram__row--${row.status ?? 'none'}`}>
              <span class="histogram__answer">
                {row.status ? <StatusIcon status={row.status} /> : <span class="histogram__none-icon" aria-hidden="true" />}
                {row.label}
                {row.status && <span class="visually-hidden"> ({t(`verdict.${row.status}`)})</span>}
              </span>
              <span class="histogram__bar" aria-hidden="true">
                <span class="histogram__fill" style={{ width: `${(100 * row.count) / max}%` }} />
              </span>
              <span class="histogram__count">
                {t('host.reveal.count', { n: row.count, percent: percent(row.count, answered + noAnswer) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** The classic mistakes the room made: "34 % forgot σ′", with the engine's diagnosis to explain. */
export function MisconceptionBars({ misconceptions, answered }: { misconceptions: readonly MisconceptionCount[]; answered: number }) {
  const { t } = useI18n();
  if (misconceptions.length === 0) return <p class="muted">{t('host.reveal.noMistakes')}</p>;
  return (
    <ul class="mistakes">
      {[...misconceptions]
        .sort((a, b) => b.count - a.count)
        .map((m) => {
          const share = percent(m.count, answered);
          return (
            <li key={m.key} class="mistake">
              <p class="mistake__head">
                <span class="mistake__share">{t('host.reveal.percent', { n: share })}</span> <span class="mistake__label">{t(`misconception.${m.key}`)}</span>
                <span class="mistake__count">({t('host.reveal.mistakeCount', { n: m.count, total: answered })})</span>
              </p>
              <span class="mistake__bar" aria-hidden="true">
                <span class="mistake__fill" style={{ width: `${share}%` }} />
              </span>
              <p class="mistake__diagnosis">
                <RichText text={m.message} />
              </p>
            </li>
          );
        })}
    </ul>
  );
}

/** Chain steps: how many got each link right, and how many stayed consistent after a slip. */
export function StepTable({ steps, symbols }: { steps: readonly StepStats[]; symbols: readonly string[] }) {
  const { t } = useI18n();
  return (
    <table class="host-table">
      <caption class="visually-hidden">{t('host.reveal.steps')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('host.reveal.step')}</th>
          <th scope="col">{t('host.reveal.correct')}</th>
          <th scope="col">{t('host.reveal.consistent')}</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step, i) => (
          <tr key={step.asks}>
            <th scope="row">
              {t('problem.step', { n: i + 1 })} <MathTex tex={symbols[i] ?? step.asks} />
            </th>
            <td>{t('host.reveal.ofAnswered', { n: step.correct, total: step.answered, percent: percent(step.correct, step.answered) })}</td>
            <td>{step.consistent}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TeamResults({ results, teams }: { results: readonly TeamRoundResult[]; teams: readonly TeamInfo[] }) {
  const { t, lang } = useI18n();
  return (
    <table class="host-table">
      <caption class="visually-hidden">{t('host.reveal.teams')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('standings.team')}</th>
          <th scope="col">{t('host.reveal.answeredCol')}</th>
          <th scope="col">{t('host.reveal.correct')}</th>
          <th scope="col">{t('host.reveal.meanPoints')}</th>
          <th scope="col">{t('standings.teamPoints')}</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => {
          const team = teams.find((candidate) => candidate.id === r.teamId);
          return (
            <tr key={r.teamId}>
              <th scope="row">{team ? <TeamTag team={team} /> : r.teamId}</th>
              <td>
                {r.answered} / {r.members}
              </td>
              <td>{r.correct}</td>
              <td>{formatPoints(r.meanPoints, lang.value)}</td>
              <td>{formatPoints(r.score, lang.value)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function StatusSummary({ stats }: { stats: RevealStats }) {
  const { t } = useI18n();
  const statuses = ['correct', 'close', 'partial', 'wrong', 'invalid', 'none'] as const;
  return (
    <ul class="status-summary">
      {statuses
        .filter((s) => stats.byStatus[s] > 0 || s === 'correct')
        .map((s) => (
          <li key={s} class={`status-summary__item status-summary__item--${s}`}>
            <StatusIcon status={s === 'partial' ? 'close' : s === 'none' ? 'invalid' : s} />
            <span class="status-summary__n">{stats.byStatus[s]}</span>
            <span>{t(`result.${s}`)}</span>
          </li>
        ))}
    </ul>
  );
}

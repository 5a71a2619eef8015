/**
 * The loss landscape L(w) with every team's marker on it, hand-drawn in SVG from the engine's
 * `lossLandscape`. When the task trains b too, L depends on both parameters: each team's
 * curve is then the slice L(w) at that team's own current b (drawn in its colour), so its
 * marker sits on its own curve. Markers glide to their new place after each step (unless the
 * reader prefers reduced motion); a faint trail shows where each team has been.
 */
import { lossLandscape } from '../../../../shared/engine/descent.ts';
import type { PublicDescentTask } from '../../../../shared/engine/descent.ts';
import { useI18n } from '../../../app-context.ts';
import { lossScale, paramTicks } from '../../play/descent/chart-scale.ts';
import { showNumber } from '../../play/descent/descent-format.ts';
import { MarkerShape } from '../../play/descent/team-marker.tsx';
import '../../play/descent/loss-curves.css';
import './loss-landscape.css';

export interface LandscapeTeam {
  teamId: string;
  label: string;
  colour: string;
  index: number;
  params: { w: number; b: number };
  /** The current loss (the marker's height). */
  loss: number;
  /** Where the team has been: parameters and loss at the start of each closed iteration. */
  trail: { w: number; loss: number }[];
}

const W = 700;
const MARGIN = { left: 96, right: 24, top: 44, bottom: 72 };
const FONT = 25;
/** The rotated y title's band at the left edge, and the space between it and the tick labels. */
const TITLE_BAND = FONT * 1.3;
const TITLE_GAP = 10;
const TICK_GAP = 8;

/** A tick label's width in viewBox units, generously estimated (digits ≈ 0.62 em, a point or space ≈ 0.32 em, superscripts ≈ 0.42 em). */
function labelWidth(text: string): number {
  let em = 0;
  for (const c of text) em += /[.\s,]/.test(c) ? 0.32 : /[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]/.test(c) ? 0.42 : 0.62;
  return em * FONT;
}
const SAMPLES = 161;
/** Beyond this the curve flattens into a line: far-flung markers sit at the edge with their value. */
const MAX_REACH = 8;

export function LossLandscape({
  task,
  teams,
  hidden,
  label,
  flat = false,
}: {
  task: PublicDescentTask;
  teams: LandscapeTeam[];
  hidden: { w: number; b: number } | null;
  label: string;
  flat?: boolean;
}) {
  const { t } = useI18n();
  const H = flat ? 350 : 430;
  const ws = [...teams.flatMap((team) => [team.params.w, ...team.trail.map((p) => p.w)]), ...(hidden ? [hidden.w] : [])].filter(Number.isFinite);
  const from = Math.max(-MAX_REACH, Math.min(-2.5, ...ws.map((w) => w - 0.5)));
  const to = Math.min(MAX_REACH, Math.max(2.5, ...ws.map((w) => w + 0.5)));

  // One curve when b is given (every team has the same b); otherwise one slice per team.
  const slices = task.trainBias
    ? teams.map((team) => ({ key: team.teamId, colour: team.colour, b: team.params.b, points: lossLandscape(task, team.params.b, from, to, SAMPLES) }))
    : [{ key: 'all', colour: null, b: teams[0]?.params.b ?? 0, points: lossLandscape(task, teams[0]?.params.b ?? 0, from, to, SAMPLES) }];
  // At the end, the slice through the hidden parameters: its valley is where the data came from.
  const truth = hidden && task.trainBias ? lossLandscape(task, hidden.b, from, to, SAMPLES) : null;
  const scale = lossScale([...slices, ...(truth ? [{ points: truth }] : [])].flatMap((slice) => slice.points.map((p) => p.loss)), { allowLog: false });

  // The tick labels right-aligned against the axis, the y title left of the widest: "0.075" must not run under it.
  const tickLabels = scale.ticks.map((v) => showNumber(v, 3));
  const M = { ...MARGIN, left: Math.max(MARGIN.left, Math.ceil(TITLE_BAND + TITLE_GAP + Math.max(0, ...tickLabels.map(labelWidth)) + TICK_GAP)) };
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (w: number) => M.left + ((Math.min(to, Math.max(from, w)) - from) / (to - from)) * plotW;
  const y = (loss: number) => M.top + (1 - scale.at(loss)) * plotH;

  // Labels above the markers, nudged up where two would overlap.
  const placed: { x: number; y: number }[] = [];
  const labelY = teams.map((team) => {
    const lx = x(team.params.w);
    let ly = y(team.loss) - 22;
    while (placed.some((p) => Math.abs(p.x - lx) < 110 && Math.abs(p.y - ly) < FONT)) ly -= FONT;
    placed.push({ x: lx, y: ly });
    return Math.max(FONT, ly);
  });

  const description = t('descent.landscape.summary', {
    from: showNumber(from, 3),
    to: showNumber(to, 3),
    teams: teams
      .map((team) =>
        t(task.trainBias ? 'descent.landscape.summaryTeamB' : 'descent.landscape.summaryTeam', {
          team: team.label,
          w: showNumber(team.params.w),
          b: showNumber(team.params.b),
          loss: showNumber(team.loss),
        }),
      )
      .join(t('descent.listSeparator')),
  });

  return (
    <figure class="loss-landscape">
      <svg class="loss-landscape__svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('descent.landscape.labelled', { label, description })} style={{ fontSize: `${FONT}px` }}>
        {scale.ticks.map((v, i) => (
          <g key={v}>
            <line class="loss-curves__grid" x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text class="loss-curves__tick" x={M.left - TICK_GAP} y={y(v)} text-anchor="end" dominant-baseline="middle">
              {tickLabels[i]}
            </text>
          </g>
        ))}
        {paramTicks(from, to).map((w) => (
          <text key={w} class="loss-curves__tick" x={x(w)} y={M.top + plotH + FONT * 1.2} text-anchor="middle">
            {showNumber(w, 3)}
          </text>
        ))}
        <line class="loss-curves__axis" x1={M.left} x2={M.left} y1={M.top} y2={M.top + plotH} />
        <line class="loss-curves__axis" x1={M.left} x2={W - M.right} y1={M.top + plotH} y2={M.top + plotH} />
        <text class="loss-curves__axis-label" x={M.left + plotW / 2} y={H - FONT * 0.35} text-anchor="middle">
          w
        </text>
        <text class="loss-curves__axis-label" transform={`translate(${TITLE_BAND * 0.75} ${M.top + plotH / 2}) rotate(-90)`} text-anchor="middle">
          {task.trainBias ? t('descent.landscape.yAxisB') : t('descent.landscape.yAxis', { b: showNumber(slices[0]!.b) })}
        </text>

        {slices.map((slice) => (
          <path
            key={slice.key}
            class={`loss-landscape__curve${slice.colour ? ' loss-landscape__curve--team' : ''}`}
            d={slice.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${x(p.w).toFixed(1)} ${y(p.loss).toFixed(1)}`).join(' ')}
            style={slice.colour ? { stroke: slice.colour } : undefined}
          />
        ))}

        {truth && (
          <path class="loss-landscape__truth" d={truth.map((p, i) => `${i === 0 ? 'M' : 'L'} ${x(p.w).toFixed(1)} ${y(p.loss).toFixed(1)}`).join(' ')} />
        )}
        {hidden && (
          <g class="loss-landscape__hidden">
            <line x1={x(hidden.w)} x2={x(hidden.w)} y1={M.top} y2={M.top + plotH} />
            <text x={x(hidden.w)} y={M.top - 10} text-anchor="middle">
              {task.trainBias ? t('descent.landscape.hiddenB', { w: showNumber(hidden.w), b: showNumber(hidden.b) }) : `w* = ${showNumber(hidden.w)}`}
            </text>
          </g>
        )}

        {teams.map((team) => (
          <g key={`trail-${team.teamId}`} class="loss-landscape__trail">
            <polyline
              points={[...team.trail, { w: team.params.w, loss: team.loss }].map((p) => `${x(p.w).toFixed(1)},${y(p.loss).toFixed(1)}`).join(' ')}
              style={{ stroke: team.colour }}
            />
            {team.trail.map((p, i) => (
              <circle key={i} cx={x(p.w)} cy={y(p.loss)} r={4} style={{ fill: team.colour }} />
            ))}
          </g>
        ))}

        {teams.map((team, i) => {
          const outside = team.params.w < from || team.params.w > to || !Number.isFinite(team.loss) || team.loss > (scale.ticks.at(-1) ?? 1);
          return (
            <g key={team.teamId} class="loss-landscape__marker" style={{ transform: `translate(${x(team.params.w).toFixed(1)}px, ${y(team.loss).toFixed(1)}px)` }}>
              <MarkerShape index={team.index} colour={team.colour} r={13} outline="var(--text)" />
              <text class="loss-landscape__label" x={0} y={labelY[i]! - y(team.loss)} text-anchor="middle">
                {team.label}
                {outside ? ` (w = ${showNumber(team.params.w, 3)})` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      {task.trainBias && (
        <figcaption class="loss-landscape__note">
          {t('descent.landscape.noteB')}
          {truth && <span class="loss-landscape__note-truth">{t('descent.landscape.noteTruth')}</span>}
        </figcaption>
      )}
    </figure>
  );
}

/**
 * The loss landscape of a two-input neuron on the projector. L depends on w₁, w₂ and b, too
 * many axes for one picture, so each team gets a small map of L(w₁, w₂) at its own current b:
 * shaded bands (darker is lower, one shared scale so the maps compare) with the team's path
 * across them and its marker where it stands. The bands' edges read as contour lines: a team
 * stepping well walks downhill across them. From the podium on, a last map at the hidden b*
 * has its lowest point at the ✕ (w₁*, w₂*), which every map also marks.
 */
import { lossSurface } from '../../../../shared/engine/descent.ts';
import type { PublicDescentTask } from '../../../../shared/engine/descent.ts';
import type { DescentParamsView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { paramTicks } from '../../play/descent/chart-scale.ts';
import { showNumber } from '../../play/descent/descent-format.ts';
import { MarkerShape, MarkerSwatch } from '../../play/descent/team-marker.tsx';
import '../../play/descent/loss-curves.css';
import './loss-surface.css';

export interface SurfaceTeam {
  teamId: string;
  label: string;
  colour: string;
  index: number;
  params: DescentParamsView;
  /** The current loss. */
  loss: number;
  /** Where the team has been: (w₁, w₂) at the start of each closed iteration. */
  trail: { w: number; w2: number }[];
}

const SIZE = 360;
const MARGIN = { left: 62, right: 14, top: 14, bottom: 58 };
const FONT = 22;
const SAMPLES = 36;
/** Beyond this the map would be mostly plateau: far-flung markers sit at the edge with their value. */
const MAX_REACH = 8;
/** Light (high loss) to dark (low loss): one hue-free ramp, so the teams' colours stand out on it. */
const BANDS = ['#f4f5f7', '#e3e6eb', '#cdd2da', '#b4bbc6', '#9aa2b0', '#808998', '#67707f', '#4f5766', '#3a414e'];

function range(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  const from = Math.max(-MAX_REACH, Math.min(-2.5, ...finite.map((v) => v - 0.5)));
  const to = Math.min(MAX_REACH, Math.max(2.5, ...finite.map((v) => v + 0.5)));
  return [from, to];
}

export function LossSurface({
  task,
  teams,
  hidden,
  label,
}: {
  task: PublicDescentTask;
  teams: SurfaceTeam[];
  hidden: DescentParamsView | null;
  label: string;
}) {
  const { t } = useI18n();
  const truthW2 = hidden?.w2;
  const w1Range = range([...teams.flatMap((team) => [team.params.w, ...team.trail.map((p) => p.w)]), ...(hidden ? [hidden.w] : [])]);
  const w2Range = range([...teams.flatMap((team) => [team.params.w2 ?? Number.NaN, ...team.trail.map((p) => p.w2)]), ...(truthW2 !== undefined ? [truthW2] : [])]);
  const panels = [
    ...teams.map((team) => ({ key: team.teamId, team, b: team.params.b })),
    ...(hidden ? [{ key: 'truth', team: null, b: hidden.b }] : []),
  ].map((panel) => ({ ...panel, surface: lossSurface(task, panel.b, w1Range, w2Range, SAMPLES) }));

  // One band scale for every map, cut at quantiles of the sampled losses: each shade covers as much of
  // the maps as the next, so the valley shows its contours instead of one pale plateau around a dark spot.
  const sorted = panels
    .flatMap((panel) => panel.surface.rows.flat())
    .filter(Number.isFinite)
    .sort((p, q) => p - q);
  const cuts = BANDS.slice(1).map((_, k) => sorted[Math.floor(((k + 1) * sorted.length) / BANDS.length)] ?? Number.POSITIVE_INFINITY);
  const band = (loss: number): string => {
    if (!Number.isFinite(loss)) return BANDS[0]!;
    const above = cuts.filter((cut) => loss >= cut).length;
    return BANDS[BANDS.length - 1 - above]!;
  };

  const plot = SIZE - MARGIN.left - MARGIN.right;
  const plotH = SIZE - MARGIN.top - MARGIN.bottom;
  const x = (w: number) => MARGIN.left + ((Math.min(w1Range[1], Math.max(w1Range[0], w)) - w1Range[0]) / (w1Range[1] - w1Range[0])) * plot;
  const y = (w2: number) => MARGIN.top + (1 - (Math.min(w2Range[1], Math.max(w2Range[0], w2)) - w2Range[0]) / (w2Range[1] - w2Range[0])) * plotH;
  const cellW = plot / SAMPLES;
  const cellH = plotH / SAMPLES;
  const ticks1 = paramTicks(w1Range[0], w1Range[1], 4);
  const ticks2 = paramTicks(w2Range[0], w2Range[1], 4);

  const description = t('descent.surface.summary', {
    from1: showNumber(w1Range[0], 3),
    to1: showNumber(w1Range[1], 3),
    from2: showNumber(w2Range[0], 3),
    to2: showNumber(w2Range[1], 3),
    teams: teams
      .map((team) =>
        t('descent.surface.summaryTeam', {
          team: team.label,
          w1: showNumber(team.params.w),
          w2: showNumber(team.params.w2 ?? Number.NaN),
          b: showNumber(team.params.b),
          loss: showNumber(team.loss),
        }),
      )
      .join(t('descent.listSeparator')),
  });
  const columns = panels.length <= 2 ? panels.length : panels.length <= 4 ? 2 : panels.length <= 9 ? 3 : 4;

  return (
    <figure class="loss-surface" role="img" aria-label={t('descent.landscape.labelled', { label, description })} data-testid="descent-surface">
      <div class="loss-surface__grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }} aria-hidden="true">
        {panels.map(({ key, team, b, surface }) => (
          <div key={key} class={`loss-surface__panel${team ? '' : ' loss-surface__panel--truth'}`} data-testid={`descent-surface-${key}`}>
            <p class="loss-surface__title">
              {team ? (
                <>
                  <MarkerSwatch index={team.index} colour={team.colour} />
                  <bdi class="loss-surface__team">{team.label}</bdi>
                  <span class="loss-surface__b">{t('descent.surface.panel', { b: showNumber(b, 3) })}</span>
                </>
              ) : (
                <span class="loss-surface__team">{t('descent.surface.truthPanel', { b: showNumber(b, 3) })}</span>
              )}
            </p>
            <svg class="loss-surface__svg" viewBox={`0 0 ${SIZE} ${SIZE}`} style={{ fontSize: `${FONT}px` }}>
              {surface.rows.map((row, j) =>
                row.map((loss, i) => (
                  <rect
                    key={`${i}-${j}`}
                    x={(MARGIN.left + i * cellW).toFixed(1)}
                    // Row j is w₂ = the j-th sample from the bottom.
                    y={(MARGIN.top + plotH - (j + 1) * cellH).toFixed(1)}
                    width={(cellW + 0.6).toFixed(1)}
                    height={(cellH + 0.6).toFixed(1)}
                    style={{ fill: band(loss) }}
                  />
                )),
              )}
              <rect class="loss-surface__frame" x={MARGIN.left} y={MARGIN.top} width={plot} height={plotH} />
              {ticks1.map((v) => (
                <text key={`x${v}`} class="loss-curves__tick" x={x(v)} y={MARGIN.top + plotH + FONT * 1.05} text-anchor="middle">
                  {showNumber(v, 3)}
                </text>
              ))}
              {ticks2.map((v) => (
                <text key={`y${v}`} class="loss-curves__tick" x={MARGIN.left - 6} y={y(v)} text-anchor="end" dominant-baseline="middle">
                  {showNumber(v, 3)}
                </text>
              ))}
              <text class="loss-curves__axis-label" x={MARGIN.left + plot / 2} y={SIZE - 6} text-anchor="middle">
                w₁
              </text>
              <text class="loss-curves__axis-label" transform={`translate(${FONT * 0.8} ${MARGIN.top + plotH / 2}) rotate(-90)`} text-anchor="middle">
                w₂
              </text>

              {hidden && truthW2 !== undefined && (
                <g class={`loss-surface__hidden${team ? '' : ' loss-surface__hidden--main'}`} transform={`translate(${x(hidden.w).toFixed(1)} ${y(truthW2).toFixed(1)})`}>
                  <path d="M -9 -9 L 9 9 M -9 9 L 9 -9" />
                </g>
              )}
              {team && (
                <g class="loss-surface__trail">
                  <polyline
                    class="loss-surface__halo"
                    points={[...team.trail, { w: team.params.w, w2: team.params.w2 ?? Number.NaN }].map((p) => `${x(p.w).toFixed(1)},${y(p.w2).toFixed(1)}`).join(' ')}
                  />
                  <polyline
                    points={[...team.trail, { w: team.params.w, w2: team.params.w2 ?? Number.NaN }].map((p) => `${x(p.w).toFixed(1)},${y(p.w2).toFixed(1)}`).join(' ')}
                    style={{ stroke: team.colour }}
                  />
                  {team.trail.map((p, i) => (
                    <circle key={i} cx={x(p.w)} cy={y(p.w2)} r={5} style={{ fill: team.colour }} />
                  ))}
                </g>
              )}
              {team && (
                <g class="loss-surface__marker" style={{ transform: `translate(${x(team.params.w).toFixed(1)}px, ${y(team.params.w2 ?? Number.NaN).toFixed(1)}px)` }}>
                  <MarkerShape index={team.index} colour={team.colour} r={12} outline="var(--text)" />
                </g>
              )}
            </svg>
          </div>
        ))}
      </div>
      <figcaption class="loss-landscape__note">
        <span class="loss-surface__key" aria-hidden="true">
          <span>{t('descent.surface.low')}</span>
          {[...BANDS].reverse().map((colour) => (
            <span key={colour} class="loss-surface__key-band" style={{ background: colour }} />
          ))}
          <span>{t('descent.surface.high')}</span>
        </span>
        {t('descent.surface.note')}
        {hidden && <span class="loss-landscape__note-truth">{t('descent.surface.noteTruth')}</span>}
      </figcaption>
    </figure>
  );
}

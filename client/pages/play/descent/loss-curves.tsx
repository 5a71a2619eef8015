/**
 * Each team's loss over the iterations, hand-drawn in SVG: one line per team in its colour
 * and marker shape, a log axis when the losses span decades, the current iteration marked,
 * and the same numbers as a table for screen readers.
 */
import { useI18n } from '../../../app-context.ts';
import { type Scale, lossScale } from './chart-scale.ts';
import { showNumber } from './descent-format.ts';
import { MarkerShape } from './team-marker.tsx';
import './loss-curves.css';

export interface CurveSeries {
  teamId: string;
  /** The team's name as shown. */
  label: string;
  colour: string;
  /** Team order in the room: the marker shape. */
  index: number;
  /** Loss at the start of each iteration, then the current one. */
  values: number[];
}

const SIZES = {
  large: { width: 700, height: 420, left: 96, right: 24, top: 26, bottom: 72, font: 25, line: 4.5, marker: 8, last: 12 },
  flat: { width: 700, height: 330, left: 96, right: 24, top: 22, bottom: 68, font: 25, line: 4.5, marker: 8, last: 12 },
  small: { width: 320, height: 176, left: 52, right: 12, top: 12, bottom: 38, font: 12.5, line: 2.5, marker: 3.5, last: 6 },
} as const;

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function tickLabel(scale: Scale, v: number): string {
  if (scale.kind === 'log') {
    const k = Math.round(Math.log10(v));
    if (k >= 0 && k <= 3) return String(10 ** k);
    return `10${k < 0 ? '⁻' : ''}${[...String(Math.abs(k))].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
  }
  return showNumber(v, 3);
}

export function LossCurves({
  series,
  iterations,
  current,
  size,
  label,
}: {
  series: CurveSeries[];
  /** Iterations in the game: the x axis runs from the first guess (0) to after the last step. */
  iterations: number;
  /** The point the game is at (its index in `values`), marked with a vertical line. */
  current: number;
  size: keyof typeof SIZES;
  /** What the chart shows, for its caption and its table. */
  label: string;
}) {
  const { t } = useI18n();
  const s = SIZES[size];
  const scale = lossScale(series.flatMap((one) => one.values));
  const plotW = s.width - s.left - s.right;
  const plotH = s.height - s.top - s.bottom;
  const x = (i: number) => s.left + (iterations > 0 ? (i / iterations) * plotW : 0);
  const y = (v: number) => s.top + (1 - scale.at(v)) * plotH;
  const xTicks = Array.from({ length: iterations + 1 }, (_, i) => i).filter((i) => iterations <= 12 || i % Math.ceil(iterations / 10) === 0 || i === iterations);
  const rows = Math.max(0, ...series.map((one) => one.values.length));
  const summary = t(scale.kind === 'log' ? 'descent.curves.summaryLog' : 'descent.curves.summary', {
    teams: series
      .map((one) =>
        one.values.length > 0
          ? t('descent.curves.summaryTeam', { team: one.label, from: showNumber(one.values[0]!), to: showNumber(one.values[one.values.length - 1]!), steps: one.values.length - 1 })
          : one.label,
      )
      .join(t('descent.listSeparator')),
  });

  return (
    <figure class={`loss-curves loss-curves--${size}`}>
      <svg class="loss-curves__svg" viewBox={`0 0 ${s.width} ${s.height}`} role="img" aria-label={summary} style={{ fontSize: `${s.font}px` }}>
        {/* The axes and their ticks */}
        {scale.ticks.map((v) => (
          <g key={v}>
            <line class="loss-curves__grid" x1={s.left} x2={s.width - s.right} y1={y(v)} y2={y(v)} />
            <text class="loss-curves__tick" x={s.left - 8} y={y(v)} text-anchor="end" dominant-baseline="middle">
              {tickLabel(scale, v)}
            </text>
          </g>
        ))}
        {xTicks.map((i) => (
          <text key={i} class="loss-curves__tick" x={x(i)} y={s.top + plotH + s.font * 1.2} text-anchor="middle">
            {i}
          </text>
        ))}
        <line class="loss-curves__axis" x1={s.left} x2={s.left} y1={s.top} y2={s.top + plotH} />
        <line class="loss-curves__axis" x1={s.left} x2={s.width - s.right} y1={s.top + plotH} y2={s.top + plotH} />
        <text class="loss-curves__axis-label" x={s.left + plotW / 2} y={s.height - s.font * 0.35} text-anchor="middle">
          {t('descent.curves.xAxis')}
        </text>
        <text
          class="loss-curves__axis-label"
          transform={`translate(${s.font * 0.95} ${s.top + plotH / 2}) rotate(-90)`}
          text-anchor="middle"
        >
          {t(scale.kind === 'log' ? 'descent.curves.yAxisLog' : 'descent.curves.yAxis')}
        </text>

        {/* Where the game is now */}
        {current >= 0 && current <= iterations && (
          <line class="loss-curves__now" x1={x(current)} x2={x(current)} y1={s.top} y2={s.top + plotH} />
        )}

        {series.map((one) => {
          const points = one.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
          return (
            <g key={one.teamId} class="loss-curves__series">
              <polyline points={points} fill="none" stroke={one.colour} stroke-width={s.line} stroke-linejoin="round" stroke-linecap="round" />
              {one.values.map((v, i) => (
                <g key={i} transform={`translate(${x(i).toFixed(1)} ${y(v).toFixed(1)})`}>
                  <MarkerShape index={one.index} colour={one.colour} r={i === one.values.length - 1 ? s.last : s.marker} />
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('descent.curves.xAxis')}</th>
            {series.map((one) => (
              <th key={one.teamId} scope="col">
                {one.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i}>
              <th scope="row">{i}</th>
              {series.map((one) => (
                <td key={one.teamId}>{one.values[i] === undefined ? '' : showNumber(one.values[i]!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

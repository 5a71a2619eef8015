/**
 * The two charts of the projector, side by side: each team's loss curve over the iterations
 * ("反复练习") and the loss landscape with each team's marker on it.
 */
import { useId } from 'preact/hooks';
import type { DescentParamsView, DescentView, RoomInfo } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { teamDisplayName } from '../../../components/team-tag/index.tsx';
import { teamIndex, teamInfo } from '../../play/descent/descent-format.ts';
import { type CurveSeries, LossCurves } from '../../play/descent/loss-curves.tsx';
import { MarkerSwatch } from '../../play/descent/team-marker.tsx';
import { type LandscapeTeam, LossLandscape } from './loss-landscape.tsx';
import { type SurfaceTeam, LossSurface } from './loss-surface.tsx';

export function useSeries(view: DescentView, room: RoomInfo): CurveSeries[] {
  const { lang } = useI18n();
  return view.teams.map((team) => {
    const info = teamInfo(room.teams, team.teamId);
    return { teamId: team.teamId, label: teamDisplayName(info, lang.value), colour: info.colour, index: teamIndex(view, team.teamId), values: team.curve };
  });
}

/** The team names with their colour and marker shape: the charts' key. */
export function ChartLegend({ series }: { series: CurveSeries[] }) {
  return (
    <ul class="descent-legend" aria-hidden="true">
      {series.map((one) => (
        <li key={one.teamId}>
          <MarkerSwatch index={one.index} colour={one.colour} />
          <bdi>{one.label}</bdi>
        </li>
      ))}
    </ul>
  );
}

export function DescentCharts({
  view,
  room,
  current,
  hidden = null,
  stacked = false,
}: {
  view: DescentView;
  room: RoomInfo;
  current: number;
  hidden?: DescentParamsView | null;
  /** One chart above the other (beside the reveal's table), a little flatter. */
  stacked?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const series = useSeries(view, room);
  const markers: LandscapeTeam[] = view.teams.flatMap((team, i) =>
    team.params
      ? [
          {
            teamId: team.teamId,
            label: series[i]!.label,
            colour: series[i]!.colour,
            index: series[i]!.index,
            params: team.params,
            loss: team.curve[team.curve.length - 1] ?? Number.NaN,
            trail: (team.steps ?? []).map((step) => ({ w: step.params.w, loss: step.loss })),
          },
        ]
      : [],
  );
  return (
    <div class={`descent-charts${stacked ? ' descent-charts--stacked' : ''}`}>
      <section class="card descent-chart" aria-labelledby={`${id}-curves`}>
        <h2 id={`${id}-curves`}>{t('descent.curves.title')}</h2>
        <ChartLegend series={series} />
        <LossCurves series={series} iterations={view.iterations} current={current} size={stacked ? 'flat' : 'large'} label={t('descent.curves.title')} />
      </section>
      {view.task.inputs === 2 ? (
        // Each map names its team: no legend needed.
        <section class="card descent-chart" aria-labelledby={`${id}-landscape`}>
          <h2 id={`${id}-landscape`}>{t('descent.surface.title')}</h2>
          <LossSurface task={view.task} teams={surfaceTeams(view, markers)} hidden={hidden} label={t('descent.surface.title')} />
        </section>
      ) : (
        <section class="card descent-chart" aria-labelledby={`${id}-landscape`}>
          <h2 id={`${id}-landscape`}>{t('descent.landscape.title')}</h2>
          <ChartLegend series={series} />
          <LossLandscape task={view.task} teams={markers} hidden={hidden} label={t('descent.landscape.title')} flat={stacked} />
        </section>
      )}
    </div>
  );
}

/** The teams on the two-input maps: each with its path through (w₁, w₂). */
function surfaceTeams(view: DescentView, markers: LandscapeTeam[]): SurfaceTeam[] {
  return markers.map((marker) => {
    const team = view.teams.find((one) => one.teamId === marker.teamId)!;
    return { ...marker, trail: (team.steps ?? []).map((step) => ({ w: step.params.w, w2: step.params.w2 ?? Number.NaN })) };
  });
}

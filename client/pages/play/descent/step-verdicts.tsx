import './descent-common.css';
import type { TextKey } from '../../../../shared/engine/text.ts';
import type { DescentParam, PublicDescentTask } from '../../../../shared/engine/descent.ts';
import type { DescentStepView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { RichText } from '../../../components/math/index.tsx';
import { StatusIcon } from '../../../components/status-icon/index.tsx';

/** A graded step: the verdict on w′ (w₂′, b′), each with the mistake the engine named. */
export function StepVerdicts({ step, task }: { step: DescentStepView; task: PublicDescentTask }) {
  const { t } = useI18n();
  if (!step.verdicts) return <p class="descent-verdicts__none">{t('descent.reveal.kept')}</p>;
  const two = task.inputs === 2;
  const rows: [DescentParam, NonNullable<DescentStepView['verdicts']>['w']][] = [['w', step.verdicts.w]];
  if (two && step.verdicts.w2) rows.push(['w2', step.verdicts.w2]);
  if (task.trainBias && step.verdicts.b) rows.push(['b', step.verdicts.b]);
  const name = (param: DescentParam) => (param === 'b' ? 'b′' : !two ? 'w′' : param === 'w' ? 'w₁′' : 'w₂′');
  return (
    <ul class="descent-verdicts">
      {rows.map(([param, verdict]) => (
        <li key={param} class={`descent-verdict descent-verdict--${verdict.status}`}>
          <p class="descent-verdict__head">
            <StatusIcon status={verdict.status} />
            <span>{t('descent.verdictOf', { param: name(param), verdict: t(`verdict.${verdict.status}`) })}</span>
          </p>
          {verdict.diagnosis && (
            <p class="descent-verdict__diagnosis">
              <RichText text={{ key: `diagnosis.${verdict.diagnosis}` as TextKey }} />
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

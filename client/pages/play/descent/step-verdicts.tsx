import './descent-common.css';
import type { TextKey } from '../../../../shared/engine/text.ts';
import type { DescentStepView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { RichText } from '../../../components/math/index.tsx';
import { StatusIcon } from '../../../components/status-icon/index.tsx';

/** A graded step: the verdict on w′ (and b′), each with the mistake the engine named. */
export function StepVerdicts({ step, trainBias }: { step: DescentStepView; trainBias: boolean }) {
  const { t } = useI18n();
  if (!step.verdicts) return <p class="descent-verdicts__none">{t('descent.reveal.kept')}</p>;
  const rows: ['w' | 'b', NonNullable<DescentStepView['verdicts']>['w']][] = [['w', step.verdicts.w]];
  if (trainBias && step.verdicts.b) rows.push(['b', step.verdicts.b]);
  return (
    <ul class="descent-verdicts">
      {rows.map(([param, verdict]) => (
        <li key={param} class={`descent-verdict descent-verdict--${verdict.status}`}>
          <p class="descent-verdict__head">
            <StatusIcon status={verdict.status} />
            <span>{t('descent.verdictOf', { param: `${param}′`, verdict: t(`verdict.${verdict.status}`) })}</span>
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

import type { ResultStatus } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { StatusIcon } from '../../components/status-icon/index.tsx';

/** A question's overall result: the verdict shapes, plus "partly right" and "no answer". */
export function ResultStatusLine({ status }: { status: ResultStatus }) {
  const { t } = useI18n();
  const icon = status === 'partial' ? 'close' : status === 'none' ? 'invalid' : status;
  return (
    <p class={`result-status result-status--${status}`}>
      <StatusIcon status={icon} />
      <span>{t(`result.${status}`)}</span>
    </p>
  );
}

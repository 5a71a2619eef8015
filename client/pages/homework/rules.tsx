import type { HomeworkInfo } from '../../../shared/protocol/homework.ts';
import { useI18n } from '../../app-context.ts';
import { dateTime, fromNow } from './when.ts';

/** The assignment's window and rules, as a short list: when it closes (or opens), how many questions, attempts, feedback. */
export function Rules({ info }: { info: HomeworkInfo }) {
  const { t, lang } = useI18n();
  const l = lang.value;
  return (
    <dl class="homework-rules" data-testid="homework-rules">
      {info.window === 'not-open' && (
        <div>
          <dt>{t('homework.rules.opens')}</dt>
          <dd>
            {dateTime(info.opensAt, l)} <span class="muted">({fromNow(info.opensAt - info.serverNow, l)})</span>
          </dd>
        </div>
      )}
      <div>
        <dt>{t('homework.rules.deadline')}</dt>
        <dd data-testid="homework-deadline">
          {dateTime(info.closesAt, l)}
          {info.window !== 'closed' && <span class="muted"> ({fromNow(info.closesAt - info.serverNow, l)})</span>}
        </dd>
      </div>
      <div>
        <dt>{t('homework.rules.questions')}</dt>
        <dd>{info.items}</dd>
      </div>
      <div>
        <dt>{t('homework.rules.attempts')}</dt>
        <dd>{info.attemptsPerItem === 1 ? t('homework.rules.attemptsOne') : t('homework.rules.attemptsMany', { n: info.attemptsPerItem })}</dd>
      </div>
      <div>
        <dt>{t('homework.rules.feedback')}</dt>
        <dd>{t(info.feedback === 'each-item' ? 'homework.rules.feedbackEach' : 'homework.rules.feedbackLater')}</dd>
      </div>
    </dl>
  );
}

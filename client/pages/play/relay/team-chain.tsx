import { latexNumber } from '../../../../shared/engine/format-number.ts';
import type { AnswerStepKey, RelayChainView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { MathTex } from '../../../components/math/index.tsx';
import { StatusIcon } from '../../../components/status-icon/index.tsx';
import { CarriedIcon } from './carried-icon.tsx';
import { linkState, stateIcon } from './relay-chain.ts';
import { sentText } from './sent-text.ts';

/**
 * The own team's chain on a phone, top to bottom from the loss backwards: each link's
 * symbol, who holds it, what was sent and its live state; at the reveal, each link's
 * correct value too.
 */
export function TeamChain({ chain, meId, answers = null, labelledBy }: { chain: RelayChainView; meId: string; answers?: readonly AnswerStepKey[] | null; labelledBy: string }) {
  // The correct values come with the reveal: the round is closed then.
  const { t } = useI18n();
  return (
    <ol class="relay-mini" aria-labelledby={labelledBy} data-testid="team-chain">
      {chain.links.map((link) => {
        const state = linkState(chain, link, answers !== null);
        const mine = link.holderId === meId;
        const icon = stateIcon(state);
        const sent = sentText(link);
        const answer = answers?.[link.index];
        return (
          <li
            key={link.index}
            class={`relay-mini__link relay-state--${state}${mine ? ' relay-mini__link--mine' : ''}`}
            aria-current={state === 'current' ? 'step' : undefined}
            data-link={link.index}
            data-state={state}
          >
            <span class="relay-mini__n">{link.index + 1}</span>
            <span class="relay-mini__symbol">
              <MathTex tex={link.symbol} />
            </span>
            <span class="relay-mini__value">{sent ?? '…'}</span>
            <span class="relay-mini__holder">
              <bdi>{link.holderName ?? t('relay.left')}</bdi>
              {mine && t('relay.youTag')}
            </span>
            <span class="relay-mini__state">
              {icon && <StatusIcon status={icon} />}
              {state === 'carried' && <CarriedIcon />}
              {t(`relay.state.${state}`)}
            </span>
            {answer && (
              <span class="relay-mini__correct">
                {t('relay.correctValue')} <MathTex tex={`${answer.symbol} ${Number(answer.display) === answer.value ? '=' : '\\approx'} ${latexNumber(answer.display)}`} />
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

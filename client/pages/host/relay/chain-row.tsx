import { useId } from 'preact/hooks';
import { latexNumber } from '../../../../shared/engine/format-number.ts';
import type { PublicProblem } from '../../../../shared/engine/index.ts';
import type { AnswerStepKey, RelayChainView, RelayLinkView, RosterEntry, TeamInfo } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { MathTex } from '../../../components/math/index.tsx';
import { StatusIcon } from '../../../components/status-icon/index.tsx';
import { TeamTag, teamDisplayName } from '../../../components/team-tag/index.tsx';
import { type LinkState, linkFormula, linkState, receivedValues, seconds, showNumber, stateIcon } from '../../play/relay/relay-chain.ts';
import { CarriedIcon } from '../../play/relay/carried-icon.tsx';
import { graphNumbersLatex } from './network-formulas.ts';

export interface ChainRowProps {
  chain: RelayChainView;
  team: TeamInfo;
  roster: readonly RosterEntry[];
  /** At the reveal: the team's correct chain and its own problem. */
  answers?: readonly AnswerStepKey[] | null;
  problem?: PublicProblem | null;
  /** Many teams: boxes without the calculation line, the state as its icon (the legend names it). */
  compact?: boolean;
  /** The round is over: links not sent stay so. */
  closed?: boolean;
}

/** A wrong value leaves this link: the arrow to the next link carries the error on. */
function passesError(state: LinkState): boolean {
  return state === 'entry' || state === 'carried' || state === 'wrong' || state === 'close';
}

/**
 * One team's chain on the projector, as a row of boxes read right to left: the loss on the
 * far right, then link 1 (dL/dy), link 2, … and the update on the far left, the way the
 * gradient flows back through the network. Each box: the link's symbol, its holder, the
 * value received times the local derivative, the value sent, and its state in words.
 */
export function ChainRow({ chain, team, roster, answers = null, problem = null, compact = false, closed = false }: ChainRowProps) {
  const { t, lang } = useI18n();
  const id = useId();
  const teamName = teamDisplayName(team, lang.value);
  const current = chain.current === null ? null : chain.links[chain.current]!;
  const open = chain.open;
  const away = (playerId: string) => roster.find((p) => p.playerId === playerId)?.connected === false;

  let status: string;
  if (chain.finished) {
    status = chain.durationMs === null ? t('relay.host.complete') : t('relay.host.completeIn', { s: seconds(chain.durationMs) });
  } else if (current && closed) {
    status = t('relay.host.stoppedAt', { n: chain.links.filter((link) => link.sent).length, total: chain.links.length });
  } else if (open.length > 1) {
    // A network's two branches at once.
    const [a, b] = [chain.links[open[0]!]!, chain.links[open[1]!]!];
    status = t('relay.host.workingTwo', { a: a.index + 1, b: b.index + 1, total: chain.links.length, first: a.holderName ?? t('relay.left'), second: b.holderName ?? t('relay.left') });
  } else if (current) {
    status = t('relay.host.working', { n: current.index + 1, total: chain.links.length, name: current.holderName ?? t('relay.left') });
  } else {
    status = '';
  }

  return (
    <section
      class={`relay-row${chain.finished ? ' relay-row--finished' : ''}${chain.links.length > 6 ? ' relay-row--long' : ''}${compact ? ' relay-row--compact' : ''}`}
      aria-labelledby={`${id}-team`}
      data-team={team.id}
      data-testid="relay-row"
      style={{ '--team-colour': team.colour }}
    >
      <div class="relay-row__team">
        <h2 id={`${id}-team`} class="relay-row__name">
          <TeamTag team={team} size="large" />
        </h2>
        <p class="relay-row__status" data-testid="relay-row-status">
          {status}
        </p>
        {chain.errorEntry !== null && (
          <p class="relay-row__entry" data-testid="relay-error-entry">
            <StatusIcon status="wrong" />
            {t('relay.host.errorAt', { n: chain.errorEntry + 1 })}
          </p>
        )}
        {current && !closed && away(current.holderId) && <p class="relay-row__away">{t('relay.host.holderAway', { name: current.holderName ?? '' })}</p>}
        {problem && <TeamNumbers problem={problem} />}
      </div>

      <div class="relay-row__chain">
        <ol class="relay-row__links" aria-label={t('relay.host.chainOf', { team: teamName })}>
          {chain.links.map((link) => (
            <LinkBox key={link.index} chain={chain} link={link} answer={answers?.[link.index] ?? null} away={away(link.holderId)} compact={compact} closed={closed} />
          ))}
        </ol>
        <div class="relay-row__loss" aria-hidden="true">
          <MathTex tex="L" />
        </div>
      </div>
    </section>
  );
}

/** One link: symbol, holder, received × local derivative, the value sent, its state; at the reveal, the truth. */
function LinkBox({ chain, link, answer, away, compact, closed }: { chain: RelayChainView; link: RelayLinkView; answer: AnswerStepKey | null; away: boolean; compact: boolean; closed: boolean }) {
  const { t } = useI18n();
  const state = linkState(chain, link, closed);
  const icon = stateIcon(state);
  const received = receivedValues(link);
  // On a network that branches, a link that does not take the one before it names where its values come from.
  const fromElsewhere = link.from.length > 1 || link.from.some((input) => input.link !== link.index - 1);
  const off = answer && link.sent && state !== 'correct' ? link.sent.value - answer.value : null;
  // An updated weight differs from the old one only in its later digits: show enough of them to see the step.
  const digits = link.local === 'lr' ? 6 : 4;
  const stateIconOf = (
    <>
      {icon && <StatusIcon status={icon} />}
      {state === 'carried' && <CarriedIcon />}
    </>
  );
  return (
    <li
      class={`relay-box relay-state--${state}${passesError(state) ? ' relay-box--passes-error' : ''}${link.from.length > 1 ? ' relay-box--merge' : ''}`}
      aria-current={state === 'current' ? 'step' : undefined}
      data-link={link.index}
      data-state={state}
    >
      <div class="relay-box__head">
        <p class="relay-box__who">
          <span class="relay-box__line">
            <span class="relay-box__n" aria-hidden="true">
              {link.index + 1}
            </span>
            <span class="visually-hidden">{t('relay.link', { n: link.index + 1 })}</span>
            {link.sent && <span class="relay-box__time">{t('relay.host.after', { s: seconds(link.sent.afterMs) })}</span>}
            {compact && stateIconOf}
          </span>
          <bdi class="relay-box__name">{link.holderName ?? t('relay.left')}</bdi>
          {away && <span class="relay-box__away">{t('relay.host.offline')}</span>}
        </p>
        <MathTex tex={link.symbol} class="relay-box__symbol" />
      </div>
      {fromElsewhere && (
        <p class="relay-box__from" data-testid="relay-box-from">
          {t(link.from.length > 1 ? 'relay.host.fromTwo' : 'relay.host.fromOne', { a: (link.from[0]?.link ?? 0) + 1, b: (link.from[1]?.link ?? 0) + 1 })}
        </p>
      )}
      {!compact && (
        <p class="relay-box__calc">
          <MathTex tex={linkFormula(link, received)} />
        </p>
      )}
      <p class="relay-box__value" data-testid="relay-box-value">
        {link.sent ? `= ${showNumber(link.sent.value, digits)}` : state === 'current' ? '= ?' : ''}
      </p>
      <p class={compact ? 'visually-hidden' : 'relay-box__state'}>
        {!compact && stateIconOf}
        <span>{t(`relay.state.${state}`)}</span>
      </p>
      {answer && (
        <p class="relay-box__truth" data-testid="relay-box-truth">
          <MathTex tex={`${Number(answer.display) === answer.value ? '=' : '\\approx'} ${latexNumber(answer.display)}`} />
          {off !== null && <span class="relay-box__off">{t('relay.host.off', { value: `${off > 0 ? '+' : ''}${showNumber(off, 2)}` })}</span>}
        </p>
      )}
    </li>
  );
}

/** A team's own numbers, shown at the reveal: its inputs and the forward values its phones had. */
function TeamNumbers({ problem }: { problem: PublicProblem }) {
  const { t } = useI18n();
  const network = problem.network;
  if (!network && problem.graph) {
    const parts = [...graphNumbersLatex(problem.graph), ...problem.given.map((g) => `${g.symbol} \\approx ${latexNumber(g.display)}`)];
    return (
      <p class="relay-row__numbers">
        <span class="relay-row__numbers-label">{t('relay.host.teamNumbers')}</span> <MathTex tex={parts.join(',\\; ')} />
      </p>
    );
  }
  if (!network) return null;
  const n = network.layers.length;
  const index = (k: number) => (n === 1 ? '' : `_{${k}}`);
  const parts = [
    `x = ${latexNumber(String(network.x))}`,
    ...network.layers.flatMap((layer, i) => [`w${index(i + 1)} = ${latexNumber(String(layer.w))}`, `b${index(i + 1)} = ${latexNumber(String(layer.b))}`]),
    `y_{\\text{true}} = ${latexNumber(String(network.target))}`,
    `\\eta = ${latexNumber(String(network.lr))}`,
    ...problem.given.map((g) => `${g.symbol} \\approx ${latexNumber(g.display)}`),
  ];
  return (
    <p class="relay-row__numbers">
      <span class="relay-row__numbers-label">{t('relay.host.teamNumbers')}</span> <MathTex tex={parts.join(',\\; ')} />
    </p>
  );
}

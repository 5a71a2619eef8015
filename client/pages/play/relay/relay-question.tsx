import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { PublicProblem } from '../../../../shared/engine/index.ts';
import type { PlayerSnapshot, QuestionView, RelayChainView, RelayLinkView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { LazyComputationGraph } from '../../../components/computation-graph/lazy.tsx';
import { Countdown } from '../../../components/countdown/index.tsx';
import { ErrorNote } from '../../../components/error-note/index.tsx';
import { Keypad } from '../../../components/keypad/index.tsx';
import { MathTex } from '../../../components/math/index.tsx';
import { ProblemView } from '../../../components/problem-view/index.tsx';
import { StatusIcon } from '../../../components/status-icon/index.tsx';
import type { RoomStore } from '../../../room/room-connection.ts';
import { useRequest } from '../../../room/use-request.ts';
import { RelayPlayerBar } from './relay-bar.tsx';
import { sendRelayLink } from './relay-actions.ts';
import { chainGraph, givenValues, heldBy, linkState, stateIcon } from './relay-chain.ts';
import { sentText, typedText } from './sent-text.ts';
import { CarriedIcon } from './carried-icon.tsx';
import { TeamChain } from './team-chain.tsx';

/** "links 2 and 4", in the reader's language. */
export function linkList(links: readonly RelayLinkView[], lang: string): string {
  const numbers = links.map((link) => String(link.index + 1));
  // Chinese lists numbers with the enumeration comma: 第 2、5 环.
  if (lang === 'zh-CN') return numbers.join('、');
  try {
    return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(numbers);
  } catch {
    return numbers.join(', ');
  }
}

/**
 * The graph is wider than a phone and scrolls inside its box: bring this student's link into
 * view (or, without one, the loss, where the chain starts), also once the lazily fetched drawing arrives.
 */
function useGraphScroll(highlight: string | null) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const scroll = () => {
      const box = root.querySelector('.graph__scroll');
      if (!(box instanceof HTMLElement) || !root.querySelector('.graph__box')) return false;
      const target = root.querySelector('.graph__box--highlight');
      if (target) {
        const boxRect = box.getBoundingClientRect();
        const rect = target.getBoundingClientRect();
        box.scrollLeft += rect.left + rect.width / 2 - (boxRect.left + boxRect.width / 2);
      } else {
        box.scrollLeft = box.scrollWidth;
      }
      return true;
    };
    if (scroll()) return;
    const observer = new MutationObserver(() => {
      if (scroll()) observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [highlight]);
  return ref;
}

/** The problem without its list of steps: on a relay phone the team's chain stands for them. */
function withoutSteps(problem: PublicProblem): PublicProblem {
  const { steps: _steps, ...rest } = problem;
  return rest;
}

/**
 * A relay round on the phone. The card on top is this student's part of the chain: the
 * upstream gradient as it arrives, the local derivative to multiply it by, and the keypad —
 * or whom they are waiting for, or what they sent. Below: the team's problem (to work out the
 * local derivative while waiting) and the team's chain as it fills in.
 */
export function RelayPlayerQuestion({ store, snapshot, view }: { store: RoomStore; snapshot: PlayerSnapshot; view: QuestionView }) {
  const { t, lang } = useI18n();
  const id = useId();
  const me = snapshot.me;
  const chain = view.relay?.chains.find((c) => c.teamId === me.teamId) ?? null;
  // Links acknowledged here but not yet in a view: the keypad must not come back for them.
  const [acked, setAcked] = useState<ReadonlySet<number>>(() => new Set());
  const [draft, setDraft] = useState('');
  const submit = useRequest();
  /** The link's value waiting for the connection, as shown ("will be sent when connected"). */
  const [queued, setQueued] = useState<string | null>(null);

  const remaining = store.remainingMs.value;
  const timeUp = remaining !== null && remaining <= 0;
  // The links that can be sent now: one on a chain, two while a network's branches run at once.
  const open = chain?.open ?? [];
  const currentLink = (chain && open.map((i) => chain.links[i]!).find((link) => link.holderId === me.playerId && !acked.has(link.index))) ?? null;
  const myTurn = currentLink !== null;
  const myNext = chain ? (heldBy(chain, me.playerId).find((link) => !link.sent && !acked.has(link.index)) ?? null) : null;
  const network = view.problem.network ?? view.problem.graph;
  const graphRef = useGraphScroll(myNext?.asks ?? null);

  // The upstream value arriving is the moment this phone has been waiting for: say so, and buzz.
  const [announcement, setAnnouncement] = useState('');
  const wasMyTurn = useRef(myTurn);
  useEffect(() => {
    if (myTurn && !wasMyTurn.current) {
      setAnnouncement(t('relay.play.arrived'));
      if (typeof navigator !== 'undefined' && 'vibrate' in navigator) navigator.vibrate(120);
    }
    wasMyTurn.current = myTurn;
  }, [myTurn, currentLink?.index]);

  const send = async () => {
    if (!currentLink || !myTurn) return;
    const index = currentLink.index;
    const shown = typedText(draft);
    const result = await submit.run(() => sendRelayLink(store, { questionId: view.questionId, link: index }, draft, { shown, onQueued: () => setQueued(shown) }));
    setQueued(null);
    if (result?.ok) {
      setAcked((previous) => new Set([...previous, index]));
      setDraft('');
    }
  };

  return (
    <>
      <RelayPlayerBar snapshot={snapshot} />
      <div class="play-question relay-play">
        <div class="play-question__top">
          <h1 class="play-question__title">{t('relay.round', { n: view.index + 1, total: view.total })}</h1>
          <Countdown remainingMs={remaining} limitMs={view.timeLimitMs} paused={view.paused} size="small" />
        </div>
        <p class="visually-hidden" role="status">
          {announcement}
        </p>

        {view.paused && (
          <p class="play-paused" role="status">
            {t('play.question.paused')}
          </p>
        )}
        {timeUp && (
          <p class="play-timeup" role="status">
            {t('relay.play.timeUp')}
          </p>
        )}

        <section class={`card relay-card${myTurn ? ' relay-card--turn' : ''}`} aria-labelledby={`${id}-link`} data-testid="relay-link-card">
          <h2 class="relay-card__title" id={`${id}-link`}>
            {myTurn ? t('relay.play.yourTurn', { n: currentLink!.index + 1 }) : t('relay.play.yourLink')}
          </h2>
          {chain === null ? (
            <p data-testid="relay-no-chain">{t('relay.play.noChain')}</p>
          ) : myTurn ? (
            <TurnCard chain={chain} link={currentLink!} />
          ) : (
            <WaitCard chain={chain} meId={me.playerId} acked={acked} />
          )}
          {chain && heldBy(chain, me.playerId).length > 0 && (
            <p class="relay-card__holds" data-testid="relay-holds">
              {heldBy(chain, me.playerId).length === 1
                ? t('relay.play.holdsOne', { n: heldBy(chain, me.playerId)[0]!.index + 1 })
                : t('relay.play.holdsMany', { list: linkList(heldBy(chain, me.playerId), lang.value) })}
            </p>
          )}

          {myTurn && !timeUp && (
            <Keypad
              key={`${view.questionId}/${currentLink!.index}`}
              value={draft}
              onInput={(value) => {
                setDraft(value);
                if (submit.error) submit.setError(null);
              }}
              onSubmit={() => void send()}
              symbol={currentLink!.symbol}
              label={t('relay.play.keypadLabel')}
              submitLabel={t('relay.play.sendButton')}
              disabled={view.paused || submit.pending}
              autoFocus
              describedBy={`${id}-error`}
            />
          )}
          {queued !== null && submit.pending && (
            <p class="play-queued" role="status" data-testid="answer-queued">
              {t('play.question.queued', { answer: queued })}
            </p>
          )}
          <ErrorNote error={submit.error} id={`${id}-error`} />
        </section>

        <section class="card play-question__problem" aria-labelledby={`${id}-problem`}>
          <h2 class="relay-card__subtitle" id={`${id}-problem`}>
            {t('relay.play.problem')}
          </h2>
          {network && chain && (
            // The team's chain on the network's graph, filling in from the loss as links are sent.
            <div ref={graphRef}>
              <LazyComputationGraph network={network} forward={givenValues(view.problem)} {...chainGraph(chain)} highlight={myNext?.asks ?? null} />
            </div>
          )}
          <ProblemView problem={withoutSteps(view.problem)} showDiagram={!network || !chain} kindLabel={t('relay.play.kind')} />
        </section>

        {chain && (
          <section class="card" aria-labelledby={`${id}-chain`}>
            <h2 class="relay-card__subtitle" id={`${id}-chain`}>
              {t('relay.play.teamChain')}
            </h2>
            <TeamChain chain={chain} meId={me.playerId} labelledBy={`${id}-chain`} />
          </section>
        )}
      </div>
    </>
  );
}

/** My link, now: what arrived, what to multiply it by, what to send on. */
function TurnCard({ chain, link }: { chain: RelayChainView; link: RelayLinkView }) {
  const { t } = useI18n();
  if (link.from.length > 1) return <MergeCard chain={chain} link={link} />;
  const previous = link.from[0] ? chain.links[link.from[0].link]! : link.index > 0 ? chain.links[link.index - 1]! : null;
  return (
    <dl class="relay-turn" data-testid="relay-turn">
      {link.upstreamSymbol !== null && previous ? (
        <div class="relay-turn__row relay-turn__row--upstream">
          <dt>{t('relay.play.upstream')}</dt>
          <dd>
            <MathTex tex={link.upstreamSymbol} /> = <strong class="relay-number" data-testid="relay-upstream">{sentText(previous) ?? '…'}</strong>
            {previous.holderName && <span class="relay-turn__from"> {t('relay.play.from', { name: previous.holderName })}</span>}
          </dd>
        </div>
      ) : (
        <div class="relay-turn__row">
          <dt>{t('relay.play.upstream')}</dt>
          <dd>{t('relay.play.first')}</dd>
        </div>
      )}
      {link.localSymbol !== null && (
        <div class="relay-turn__row">
          <dt>{link.local === 'lr' ? t('relay.play.factorLr') : t('relay.play.local')}</dt>
          <dd>
            <MathTex tex={link.localSymbol} />
          </dd>
        </div>
      )}
      <div class="relay-turn__row relay-turn__row--send">
        <dt>{t('relay.play.send')}</dt>
        <dd>
          <MathTex tex={link.symbol} />
        </dd>
      </div>
    </dl>
  );
}

/**
 * Where a network's branches meet: both gradients that arrived, each with the local derivative
 * it is multiplied by, and the sum to send — the gradients of a value used twice add up.
 */
function MergeCard({ chain, link }: { chain: RelayChainView; link: RelayLinkView }) {
  const { t } = useI18n();
  return (
    <>
    <p class="relay-turn__merge" data-testid="relay-merge">
      {t('relay.play.mergeHint')}
    </p>
    <dl class="relay-turn relay-turn--merge" data-testid="relay-turn">
      {link.from.map((input, k) => {
        const from = chain.links[input.link]!;
        return (
          <div key={input.link} class="relay-turn__row relay-turn__row--upstream">
            <dt>{t('relay.play.upstreamN', { n: k + 1 })}</dt>
            <dd>
              <MathTex tex={input.upstreamSymbol} /> = <strong class="relay-number" data-testid="relay-upstream">{sentText(from) ?? '…'}</strong>
              {from.holderName && <span class="relay-turn__from"> {t('relay.play.from', { name: from.holderName })}</span>}
              <span class="relay-turn__times">
                {' '}
                {t('relay.play.times')} <MathTex tex={input.localSymbol} />
              </span>
            </dd>
          </div>
        );
      })}
      <div class="relay-turn__row relay-turn__row--send">
        <dt>{t('relay.play.send')}</dt>
        <dd>
          <MathTex tex={`${link.symbol} = ${link.from.map((input) => `${input.upstreamSymbol} \\cdot ${input.localSymbol}`).join(' + ')}`} />
        </dd>
      </div>
    </dl>
    </>
  );
}

/** Not my turn: whom the chain waits for, my next link to prepare, or what I have sent. */
function WaitCard({ chain, meId, acked }: { chain: RelayChainView; meId: string; acked: ReadonlySet<number> }) {
  const { t } = useI18n();
  const mine = heldBy(chain, meId);
  if (mine.length === 0) return <p data-testid="relay-no-links">{t('relay.play.noLinks')}</p>;
  const next = mine.find((link) => !link.sent && !acked.has(link.index)) ?? null;
  // Whom the chain waits for: the first link open now that a teammate holds.
  const currentLink = chain.open.map((i) => chain.links[i]!).find((link) => link.holderId !== meId) ?? null;
  const sent = mine.filter((link) => link.sent || acked.has(link.index));
  return (
    <div class="relay-wait">
      {next && currentLink && currentLink.holderId !== meId && (
        <p class="relay-wait__for" data-testid="relay-waiting">
          <span class="relay-wait__dots" aria-hidden="true" />
          {currentLink.holderName ? t('relay.play.waitingFor', { name: currentLink.holderName }) : t('relay.play.waitingForLeft')}{' '}
          <MathTex tex={currentLink.symbol} />
        </p>
      )}
      {next && next.from.length > 1 && (
        <p class="relay-wait__prepare" data-testid="relay-prepare-merge">
          {t('relay.play.prepareMerge', { n: next.index + 1 })}{' '}
          <MathTex tex={`${next.symbol} = ${next.from.map((input) => `${input.upstreamSymbol} \\cdot ${input.localSymbol}`).join(' + ')}`} />
        </p>
      )}
      {next && next.from.length <= 1 && next.localSymbol && next.local !== 'lr' && (
        <p class="relay-wait__prepare">
          {t('relay.play.prepare', { n: next.index + 1 })} <MathTex tex={next.localSymbol} />
        </p>
      )}
      {/* The update link multiplies by η, which is no derivative: say what the link will send. */}
      {next && next.localSymbol && next.local === 'lr' && (
        <p class="relay-wait__prepare" data-testid="relay-prepare-update">
          {t('relay.play.prepareUpdate', { n: next.index + 1 })}{' '}
          <MathTex tex={`${next.symbol} = ${next.symbol.replace(/'$/, '')} - ${next.localSymbol} \\cdot ${next.upstreamSymbol ?? ''}`} />
        </p>
      )}
      {next && !next.localSymbol && <p class="relay-wait__prepare">{t('relay.play.prepareFirst')}</p>}
      {sent.length > 0 && (
        <ul class="relay-sent" data-testid="relay-sent">
          {sent.map((link) => {
            const state = link.sent ? linkState(chain, link) : null;
            const icon = state ? stateIcon(state) : null;
            return (
              <li key={link.index} class={state ? `relay-state--${state}` : undefined}>
                <span>
                  {t('relay.play.youSent')} <MathTex tex={link.symbol} /> = <strong class="relay-number">{sentText(link) ?? '…'}</strong>
                </span>
                {state && (
                  <span class="relay-sent__state">
                    {icon && <StatusIcon status={icon} />}
                    {state === 'carried' && <CarriedIcon />}
                    {t(`relay.state.${state}`)}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!next && <p class="muted">{t(chain.finished ? 'relay.play.chainDone' : 'relay.play.allSent')}</p>}
    </div>
  );
}

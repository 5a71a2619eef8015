import { useEffect, useId, useState } from 'preact/hooks';
import type { DescentProposalView, DescentView, PlayerSnapshot, QuestionView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { Countdown } from '../../../components/countdown/index.tsx';
import { ErrorNote } from '../../../components/error-note/index.tsx';
import { Keypad } from '../../../components/keypad/index.tsx';
import { teamDisplayName } from '../../../components/team-tag/index.tsx';
import type { RoomStore } from '../../../room/room-connection.ts';
import { useRequest } from '../../../room/use-request.ts';
import { DescentPlayerBar } from './team-bar.tsx';
import { confirmProposal, proposeStep } from './descent-actions.ts';
import type { DescentParam, PublicDescentTask } from '../../../../shared/engine/descent.ts';
import { ownTeam, paramName, paramTex, showNumber, showProposal, showTyped, stepParams, teamIndex, teamInfo } from './descent-format.ts';
import { LossCurves } from './loss-curves.tsx';
import { StoryStrip } from './story-strip.tsx';
import { PointsTable, StepFormulas } from './task-view.tsx';
import { nameOf, rememberNames } from './teammates.ts';

/**
 * An iteration on the phone: "计算误差" — the team's current w, b, η, its loss and the forward
 * values; "调整参数" — the step form (w′, and b′ when b is trained) and the team's proposals,
 * each confirmed by a second member (or the captain); and the team's loss curve so far.
 */
export function DescentPhoneIteration({ store, snapshot, phase, view }: { store: RoomStore; snapshot: PlayerSnapshot; phase: QuestionView; view: DescentView }) {
  const { t, lang } = useI18n();
  const id = useId();
  const { me, room, presence } = snapshot;
  const team = ownTeam(view, me.teamId);
  useEffect(() => rememberNames(store, view), [store, view]);
  const remaining = store.remainingMs.value;
  const timeUp = remaining !== null && remaining <= 0;

  if (!team || !team.params) {
    return (
      <>
        <DescentPlayerBar snapshot={snapshot} lr={null} />
        <section class="card">
          <h1 class="play-question__title">{t('descent.iterationOf', { n: phase.index + 1, total: phase.total })}</h1>
          <p>{t('descent.play.noTeam')}</p>
        </section>
      </>
    );
  }

  const { task } = view;
  const loss = team.curve[team.curve.length - 1] ?? Number.NaN;
  const submitted = team.submission ? (team.proposals ?? []).find((p) => p.proposalId === team.submission!.proposalId) ?? null : null;
  const members = presence.teams?.find((p) => p.teamId === team.teamId)?.members ?? 0;
  const isCaptain = team.captainId === me.playerId;
  const canAct = !phase.paused && !timeUp && team.submission === null;
  const info = teamInfo(room.teams, team.teamId);
  const toConfirm = team.submission === null ? (team.proposals ?? []).filter((p) => mayConfirm(view, snapshot, isCaptain, p)).length : 0;

  return (
    <>
      <DescentPlayerBar snapshot={snapshot} lr={showNumber(team.lr)} />
      <div class="play-question descent-play">
        <div class="play-question__top">
          <h1 class="play-question__title">{t('descent.iterationOf', { n: phase.index + 1, total: phase.total })}</h1>
          <Countdown remainingMs={remaining} limitMs={phase.timeLimitMs} paused={phase.paused} size="small" />
        </div>
        {phase.paused && (
          <p class="play-paused" role="status">
            {t('play.question.paused')}
          </p>
        )}

        {/*
          A 360×740 phone shows the team's numbers, the keypad and Send on its first screen; the
          proposals to confirm follow right below (a line on top says one waits), then the data
          and the formulas, which the student reads before typing.
        */}
        <section class="card descent-now" aria-labelledby={`${id}-now`} data-testid="descent-now">
          <h2 id={`${id}-now`} class="visually-hidden">
            {t('descent.play.now')}
          </h2>
          <dl class={`descent-now__values${task.inputs === 2 ? ' descent-now__values--two' : ''}`}>
            <div>
              <dt>{paramName(task, 'w')}</dt>
              <dd data-testid="descent-w">{showNumber(team.params.w, 6)}</dd>
            </div>
            {task.inputs === 2 && (
              <div>
                <dt>{paramName(task, 'w2')}</dt>
                <dd data-testid="descent-w2">{showNumber(team.params.w2 ?? Number.NaN, 6)}</dd>
              </div>
            )}
            <div>
              <dt>{task.trainBias ? 'b' : t('descent.play.bGiven')}</dt>
              <dd data-testid="descent-b">{showNumber(team.params.b, 6)}</dd>
            </div>
            <div>
              <dt>η</dt>
              <dd data-testid="descent-lr">{showNumber(team.lr)}</dd>
            </div>
            <div class="descent-now__loss">
              <dt>{t('descent.play.loss')}</dt>
              <dd data-testid="descent-loss">{showNumber(loss)}</dd>
            </div>
          </dl>
          {toConfirm > 0 && canAct && (
            <p class="descent-now__waiting" data-testid="descent-to-confirm">
              <button type="button" class="button button--quiet button--wide" onClick={() => showProposals(`${id}-proposals`)}>
                {t('descent.play.toConfirm')} ↓
              </button>
            </p>
          )}
        </section>

        {team.submission === null ? (
          !timeUp && (
            <StepForm store={store} phase={phase} task={task} disabled={!canAct} members={members} confirmRule={view.confirm} isCaptain={isCaptain} />
          )
        ) : (
          <section class="card descent-submitted" data-testid="descent-submitted" aria-labelledby={`${id}-submitted`}>
            <h2 id={`${id}-submitted`}>{t('descent.play.submitted')}</h2>
            {submitted && (
              <p class="descent-submitted__step">
                <StepValues task={task} step={submitted} />
              </p>
            )}
            {submitted && (
              <p>
                {team.submission.confirmedBy
                  ? t('descent.proposedConfirmed', {
                      proposer: nameOf(store, snapshot, submitted.playerId) ?? submitted.name ?? t('descent.someone'),
                      confirmer: nameOf(store, snapshot, team.submission.confirmedBy) ?? t('descent.someone'),
                    })
                  : t('descent.proposedCaptain', { proposer: nameOf(store, snapshot, submitted.playerId) ?? submitted.name ?? t('descent.someone') })}
              </p>
            )}
            <p class="muted">{t('descent.play.waitReveal')}</p>
          </section>
        )}
        {timeUp && team.submission === null && (
          <p class="play-timeup" role="status">
            {t('play.question.timeUp')}
          </p>
        )}

        <Proposals id={`${id}-proposals`} store={store} snapshot={snapshot} phase={phase} view={view} canAct={canAct} isCaptain={isCaptain} />

        <section class="card descent-data" aria-label={t('descent.points.forward')}>
          <StoryStrip active="measure" />
          <PointsTable task={task} forward={team.forward} caption={t('descent.points.forward')} />
          <StepFormulas task={task} />
        </section>

        <section class="card descent-curve" aria-labelledby={`${id}-curve`}>
          <h2 id={`${id}-curve`}>{t('descent.play.curve')}</h2>
          <LossCurves
            series={[{ teamId: team.teamId, label: teamDisplayName(info, lang.value), colour: info.colour, index: teamIndex(view, team.teamId), values: team.curve }]}
            iterations={view.iterations}
            current={phase.index}
            size="small"
            label={t('descent.play.curve')}
          />
        </section>
      </div>
    </>
  );
}

/** A step as the phone shows it: w′ = …, b′ = … (w₁′, w₂′ with two inputs), the values in bold. */
function StepValues({ task, step }: { task: PublicDescentTask; step: { w: string; w2?: string; b: string | null } }) {
  const values: [DescentParam, string][] = [['w', step.w]];
  if (step.w2 !== undefined) values.push(['w2', step.w2]);
  if (step.b !== null) values.push(['b', step.b]);
  return (
    <>
      {values.map(([param, raw], i) => (
        <span key={param}>
          {i > 0 && ', '}
          {paramName(task, param)}′ = <strong>{showTyped(raw)}</strong>
        </span>
      ))}
    </>
  );
}

/** Said while a step or a confirmation waits for the connection: it goes out by itself. */
function QueuedNote({ shown }: { shown: string }) {
  const { t } = useI18n();
  return (
    <p class="play-queued" role="status" data-testid="answer-queued">
      {t('play.question.queued', { answer: shown })}
    </p>
  );
}

/** Brings the proposals into view and moves the focus there (the router owns in-page links). */
function showProposals(elementId: string): void {
  const target = document.getElementById(elementId);
  target?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  target?.focus({ preventScroll: true });
}

/** Whether this player may confirm the proposal: someone else's, and under the captain rule only as the captain. */
function mayConfirm(view: DescentView, snapshot: PlayerSnapshot, isCaptain: boolean, p: DescentProposalView): boolean {
  if (p.playerId === snapshot.me.playerId) return false;
  return view.confirm === 'captain' ? isCaptain : true;
}

function Proposals({
  id,
  store,
  snapshot,
  phase,
  view,
  canAct,
  isCaptain,
}: {
  id: string;
  store: RoomStore;
  snapshot: PlayerSnapshot;
  phase: QuestionView;
  view: DescentView;
  canAct: boolean;
  isCaptain: boolean;
}) {
  const { t } = useI18n();
  const confirm = useRequest();
  /** The confirmation waiting for the connection, as shown. */
  const [queued, setQueued] = useState<string | null>(null);
  const team = ownTeam(view, snapshot.me.teamId)!;
  const proposals = team.proposals ?? [];
  if (proposals.length === 0 || team.submission !== null) return null;
  return (
    <section class="card descent-proposals" id={id} tabIndex={-1} aria-labelledby={`${id}-title`} data-testid="descent-proposals">
      <h2 id={`${id}-title`}>{t('descent.play.proposals')}</h2>
      <ol class="descent-proposals__list">
        {proposals.map((p) => {
          const mine = p.playerId === snapshot.me.playerId;
          return (
            <li key={p.proposalId} class={`descent-proposal${mine ? ' descent-proposal--mine' : ''}`} data-testid="descent-proposal">
              <p class="descent-proposal__who">{mine ? t('descent.play.youProposed') : t('descent.play.proposed', { name: p.name ?? t('descent.someone') })}</p>
              <p class="descent-proposal__step">
                <StepValues task={view.task} step={p} />
              </p>
              {mayConfirm(view, snapshot, isCaptain, p) ? (
                <button
                  type="button"
                  class="button button--primary descent-proposal__confirm"
                  disabled={!canAct || confirm.pending}
                  onClick={async () => {
                    const shown = showProposal(p);
                    await confirm.run(() => confirmProposal(store, phase.questionId, p.proposalId, { shown, onQueued: () => setQueued(shown) }));
                    setQueued(null);
                  }}
                >
                  {t('descent.play.confirm')}
                </button>
              ) : (
                <p class="descent-proposal__note muted">
                  {view.confirm === 'captain' ? t('descent.play.captainConfirms') : t('descent.play.teammateConfirms')}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {queued !== null && confirm.pending && <QueuedNote shown={queued} />}
      <ErrorNote error={confirm.error} />
    </section>
  );
}

/** "调整参数": w′ (w₂′, b′) on the answer keypad, with the parsed value echoed, proposed to the team. */
function StepForm({
  store,
  phase,
  task,
  disabled,
  members,
  confirmRule,
  isCaptain,
}: {
  store: RoomStore;
  phase: QuestionView;
  task: PublicDescentTask;
  disabled: boolean;
  members: number;
  confirmRule: DescentView['confirm'];
  isCaptain: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const propose = useRequest();
  /** The step waiting for the connection, as shown ("will be sent when connected"). */
  const [queued, setQueued] = useState<string | null>(null);
  const params = stepParams(task);
  const empty = { w: '', w2: '', b: '' };
  const [drafts, setDrafts] = useState<Record<DescentParam, string>>(empty);
  const [active, setActive] = useState<DescentParam>('w');
  const [sent, setSent] = useState(false);
  const two = task.inputs === 2;
  const blank = (param: DescentParam) => drafts[param].trim() === '';

  const send = async () => {
    const missing = params.find(blank);
    if (missing) return setActive(missing);
    const step = { w: drafts.w, ...(two ? { w2: drafts.w2 } : {}), b: task.trainBias ? drafts.b : null };
    const shown = showProposal(step);
    const result = await propose.run(() => proposeStep(store, phase.questionId, step, { shown, onQueued: () => setQueued(shown) }));
    setQueued(null);
    if (result?.ok) {
      setDrafts(empty);
      setActive('w');
      setSent(true);
    }
  };
  // Enter on a typed field moves on to the next empty one after it; Send once none is left.
  const next = params.slice(params.indexOf(active) + 1).find(blank);
  const lonely = confirmRule === 'second-member' && members < 2;
  const labels: Record<DescentParam, string> = {
    w: two ? t('descent.play.w1Label') : t('descent.play.wLabel'),
    w2: t('descent.play.w2Label'),
    b: t('descent.play.bLabel'),
  };
  const nextLabel = next === undefined ? t('descent.play.propose') : !two && next === 'b' ? t('descent.play.nextB') : t('descent.play.nextParam', { param: `${paramName(task, next)}′` });

  return (
    <section class="card descent-form" aria-labelledby={`${id}-title`} data-testid="descent-form">
      <h2 id={`${id}-title`}>{t('descent.play.formTitle')}</h2>
      {lonely && <p class="descent-form__alone">{t('descent.play.alone')}</p>}
      {params.length > 1 && (
        <div class={`descent-form__fields${params.length > 2 ? ' descent-form__fields--three' : ''}`} role="group" aria-label={t('descent.play.fields')}>
          {params.map((param) => (
            <button key={param} type="button" class="button descent-form__field" aria-pressed={active === param} onClick={() => setActive(param)}>
              {paramName(task, param)}′ = {blank(param) ? '…' : showTyped(drafts[param])}
            </button>
          ))}
        </div>
      )}
      <Keypad
        key={active}
        value={drafts[active]}
        onInput={(value) => {
          setDrafts((current) => ({ ...current, [active]: value }));
          setSent(false);
          if (propose.error) propose.setError(null);
        }}
        onSubmit={() => (next !== undefined && !blank(active) ? setActive(next) : void send())}
        symbol={`${paramTex(task, active)}'`}
        label={labels[active]}
        submitLabel={nextLabel}
        disabled={disabled || propose.pending}
        describedBy={`${id}-error`}
      />
      {queued !== null && propose.pending && <QueuedNote shown={queued} />}
      <ErrorNote error={propose.error} id={`${id}-error`} />
      {sent && (
        <p class="descent-form__sent" role="status">
          {confirmRule === 'second-member' ? t('descent.play.sent') : isCaptain ? t('descent.play.sentCaptain') : t('descent.play.sentToCaptain')}
        </p>
      )}
      {/* The rule after the keypad: on a phone, Send comes first. */}
      <p class="muted descent-form__rule">
        {confirmRule === 'captain' ? (isCaptain ? t('descent.play.formCaptain') : t('descent.play.formToCaptain')) : t('descent.play.formSecond')}
      </p>
    </section>
  );
}

import { useEffect, useId, useState } from 'preact/hooks';
import type { ContestBoard, ContestBoardPlayer, ContestBoardQuestion, ContestBoardRoom, ContestBoardTeam } from '../../../shared/protocol/contests.ts';
import { useI18n } from '../../app-context.ts';
import { contestApi, shownCode } from '../../contests/contest-api.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import './contest-board.css';

/** How often the board asks the server (the board is a pure read: cheap, and a missed poll is caught up by the next). */
export const BOARD_POLL_MS = 2000;
/** Players on screen: what a hall reads from the back (the board's top 50 stay in the report). */
const PLAYERS_SHOWN = 10;
const TEAMS_SHOWN = 8;

type Translate = ReturnType<typeof useI18n>['t'];

/**
 * Points as the standings show them (components/standings/format-points.ts): copied, because importing
 * that module here would split it out of the chunk the phones' pages share, one more request for them.
 */
const formatPoints = (points: number, lang: string) => points.toLocaleString(lang, { maximumFractionDigits: 0 });


function stageHeading(t: Translate, board: ContestBoard): string {
  const { stage, total } = board;
  if (stage.stage === 'ended') return t('board.stage.ended');
  if (board.pacing === 'own-pace') return t('board.stage.ownPace', { total });
  if (stage.stage === 'lobby') return t('board.stage.lobby');
  return t(stage.stage === 'question' ? 'board.stage.question' : 'board.stage.reveal', { n: stage.index + 1, total });
}

function roomWhere(t: Translate, room: ContestBoardRoom): string {
  const n = (room.questionIndex ?? 0) + 1;
  return t(`board.room.${room.status}`, { n });
}

/** The public contest board (/contest/:code), for a big screen: names and scores only. */
export default function Page({ params }: PageProps) {
  const { t } = useI18n();
  const code = (params.code ?? '').toUpperCase();
  const [board, setBoard] = useState<ContestBoard | null>(null);
  const [missing, setMissing] = useState(false);
  const [offline, setOffline] = useState(false);
  useDocumentTitle(board ? `${board.title} · ${t('board.title')}` : t('board.title'));

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      const got = await contestApi.board(code);
      if (!live) return;
      if (got.ok) {
        setBoard(got.data);
        setMissing(false);
        setOffline(false);
      } else if (got.error.code === 'contest_not_found' || got.error.code === 'not_found') {
        setMissing(true);
      } else {
        setOffline(true);
      }
      // Polled after each answer, never two at once: a slow server is not asked faster than it answers.
      timer = setTimeout(() => void poll(), BOARD_POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [code]);

  if (missing && !board) {
    return (
      <div class="contest-board contest-board--empty">
        <h1>{t('board.title')}</h1>
        <p role="alert">{t('board.notFound')}</p>
      </div>
    );
  }
  if (!board) {
    return (
      <div class="contest-board contest-board--empty">
        <p role="status">{t('contest.loading')}</p>
      </div>
    );
  }

  const showTeams = board.teams !== null && board.ranking !== 'players';
  const showPlayers = board.ranking !== 'teams';
  return (
    <div class="contest-board" data-stage={board.stage.stage}>
      <header class="contest-board__head">
        <div>
          <p class="contest-board__code">{shownCode(board.code)}</p>
          <h1 class="contest-board__title" data-testid="board-title">
            <bdi>{board.title}</bdi>
          </h1>
        </div>
        <div class="contest-board__stage">
          <p class="contest-board__stage-text" data-testid="board-stage">
            {stageHeading(t, board)}
          </p>
          <p class="contest-board__total">{t(board.totalPlayers === 1 ? 'board.totalPlayers.one' : 'board.totalPlayers', { n: board.totalPlayers })}</p>
        </div>
      </header>
      <div class="contest-board__offline" role="status">
        {offline && <p>{t('board.offline')}</p>}
      </div>

      {board.podium ? (
        <Podiums board={board} showPlayers={showPlayers} showTeams={showTeams} />
      ) : (
        <div class={`contest-board__grid${showTeams && showPlayers ? ' contest-board__grid--three' : ''}`}>
          {showPlayers && <Players players={board.players.slice(0, PLAYERS_SHOWN)} />}
          {showTeams && <Teams teams={board.teams!.slice(0, TEAMS_SHOWN)} />}
          <Rooms rooms={board.rooms} />
        </div>
      )}
      <Questions questions={board.questions} />
    </div>
  );
}

function Players({ players }: { players: ContestBoardPlayer[] }) {
  const { t, lang } = useI18n();
  const id = useId();
  return (
    <section class="contest-board__panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('board.players')}</h2>
      {players.length === 0 ? (
        <p class="contest-board__none">{t('board.noPlayers')}</p>
      ) : (
        <table class="contest-board__table" data-testid="board-players">
          <thead>
            <tr>
              <th scope="col">{t('board.rank')}</th>
              <th scope="col">{t('board.name')}</th>
              <th scope="col" class="contest-board__num">
                {t('board.score')}
              </th>
            </tr>
          </thead>
          <tbody>
            {players.map((player) => (
              <tr key={player.id}>
                <td class="contest-board__rank">{player.rank}</td>
                <td>
                  <bdi class="contest-board__name">{player.name}</bdi>
                  <span class="contest-board__sub">
                    <bdi>{player.roomLabel}</bdi>
                    {player.teamName && (
                      <>
                        {' · '}
                        <bdi>{player.teamName}</bdi>
                      </>
                    )}
                  </span>
                </td>
                <td class="contest-board__num contest-board__score">{formatPoints(player.score, lang.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Teams({ teams }: { teams: ContestBoardTeam[] }) {
  const { t, lang } = useI18n();
  const id = useId();
  return (
    <section class="contest-board__panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('board.teams')}</h2>
      <table class="contest-board__table" data-testid="board-teams">
        <thead>
          <tr>
            <th scope="col">{t('board.rank')}</th>
            <th scope="col">{t('board.name')}</th>
            <th scope="col" class="contest-board__num">
              {t('board.score')}
            </th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team) => (
            <tr key={team.id}>
              <td class="contest-board__rank">{team.rank}</td>
              <td>
                {/* The team tag's look without its module, which the board would split off the phones' shared chunk. */}
                <span class="contest-board__team">
                  <span class="contest-board__swatch" style={{ background: team.colour }} aria-hidden="true" />
                  <bdi class="contest-board__name">{team.name}</bdi>
                </span>
                <span class="contest-board__sub">
                  <bdi>{team.roomLabel}</bdi> · {t(team.members === 1 ? 'contests.room.players.one' : 'contests.room.players', { n: team.members })}
                </span>
              </td>
              <td class="contest-board__num contest-board__score">{formatPoints(team.score, lang.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Rooms({ rooms }: { rooms: ContestBoardRoom[] }) {
  const { t, lang } = useI18n();
  const id = useId();
  // Ranked rooms first, by rank; rooms with no rank (not opened) after, in the organizer's order.
  const sorted = [...rooms].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  return (
    <section class="contest-board__panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {t('board.rooms')} <span class="contest-board__hint">{t('board.rooms.hint')}</span>
      </h2>
      <table class="contest-board__table" data-testid="board-rooms">
        <thead>
          <tr>
            <th scope="col">{t('board.rank')}</th>
            <th scope="col">{t('board.room')}</th>
            <th scope="col" class="contest-board__num">
              {t('board.mean')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((room) => (
            <tr key={room.slotId} data-slot-id={room.slotId} data-status={room.status}>
              <td class="contest-board__rank">{room.rank ?? '–'}</td>
              <td>
                <bdi class="contest-board__name">{room.label}</bdi>
                <span class="contest-board__sub" data-testid="board-room-where">
                  {roomWhere(t, room)} · {t(room.players === 1 ? 'contests.room.players.one' : 'contests.room.players', { n: room.players })}
                </span>
              </td>
              <td class="contest-board__num contest-board__score">{formatPoints(room.meanScore, lang.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Questions({ questions }: { questions: (ContestBoardQuestion | null)[] }) {
  const { t, lang } = useI18n();
  const id = useId();
  const percent = (share: number) => share.toLocaleString(lang.value, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <section class="contest-board__questions" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {t('board.questions')} <span class="contest-board__hint">{t('board.questions.hint')}</span>
      </h2>
      <ol class="contest-board__chips" data-testid="board-questions">
        {questions.map((question, index) =>
          question ? (
            <li key={index} class="contest-board__chip contest-board__chip--done" aria-label={t('board.question.correct', { n: index + 1, percent: percent(question.answered ? question.correct / question.answered : 0), correct: question.correct, answered: question.answered })}>
              <span class="contest-board__chip-n">{t('board.question', { n: index + 1 })}</span>
              <span class="contest-board__chip-bar" aria-hidden="true">
                <span style={{ width: `${question.answered ? (100 * question.correct) / question.answered : 0}%` }} />
              </span>
              <span class="contest-board__chip-value">{percent(question.answered ? question.correct / question.answered : 0)}</span>
            </li>
          ) : (
            <li key={index} class="contest-board__chip" aria-label={t('board.question.pending', { n: index + 1 })}>
              <span class="contest-board__chip-n">{t('board.question', { n: index + 1 })}</span>
              <span class="contest-board__chip-value" aria-hidden="true">
                …
              </span>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}

function Podiums({ board, showPlayers, showTeams }: { board: ContestBoard; showPlayers: boolean; showTeams: boolean }) {
  const { t, lang } = useI18n();
  const podium = board.podium!;
  const columns: { key: string; title: string; hint?: string; entries: { id: string; name: string; sub: string; score: number; rank: number }[] }[] = [];
  if (showPlayers) columns.push({ key: 'players', title: t('board.podium.players'), entries: podium.players.map((p) => ({ id: p.id, name: p.name, sub: p.roomLabel, score: p.score, rank: p.rank })) });
  if (showTeams && podium.teams) {
    const teams = podium.teams.map((p) => ({ id: p.id, name: p.name, sub: p.roomLabel, score: p.score, rank: p.rank }));
    columns.push({ key: 'teams', title: t('board.podium.teams'), entries: teams });
  }
  columns.push({ key: 'rooms', title: t('board.podium.rooms'), hint: t('board.rooms.hint'), entries: podium.rooms.map((p) => ({ id: p.slotId, name: p.label, sub: '', score: p.meanScore, rank: p.rank ?? 0 })) });
  return (
    <div class={`contest-board__grid${columns.length === 3 ? ' contest-board__grid--three' : ''}`} data-testid="board-podium">
      {columns.map((column) => (
        <section key={column.key} class="contest-board__panel contest-board__podium" aria-label={column.title} data-category={column.key}>
          <h2>
            {column.title} {column.hint && <span class="contest-board__hint">{column.hint}</span>}
          </h2>
          <ol class="contest-board__places">
            {column.entries.slice(0, 3).map((entry) => (
              <li key={entry.id} class={`contest-board__place contest-board__place--${entry.rank}`}>
                <span class="contest-board__medal">{t('board.podium.place', { n: entry.rank })}</span>
                <bdi class="contest-board__name">{entry.name}</bdi>
                {entry.sub && (
                  <span class="contest-board__sub">
                    <bdi>{entry.sub}</bdi>
                  </span>
                )}
                <span class="contest-board__score">{formatPoints(entry.score, lang.value)}</span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

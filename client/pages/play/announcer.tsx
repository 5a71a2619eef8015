import { useEffect, useRef, useState } from 'preact/hooks';
import type { PlayerSnapshot } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';

/**
 * Says what changed when the screen changes under a screen reader's user: a new question,
 * the own result at the reveal, the rank. One polite region for the whole game, mounted
 * once, so each message is announced rather than lost with a remounted screen.
 */
export function GameAnnouncer({ snapshot }: { snapshot: PlayerSnapshot | null }) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const last = useRef<string | null>(null);
  const phase = snapshot?.phase ?? null;
  const key =
    phase === null
      ? null
      : phase.phase === 'reveal'
        ? // The own verdict may follow the reveal: announced when it arrives.
          `reveal:${phase.questionId}:${snapshot?.me.result?.questionId === phase.questionId ? 'result' : 'pending'}`
        : phase.phase === 'question'
        ? `${phase.phase}:${phase.questionId}`
        : phase.phase === 'leaderboard'
          ? `leaderboard:${phase.index}`
          : phase.phase;

  useEffect(() => {
    if (!snapshot || !phase || key === last.current) return;
    const first = last.current === null;
    last.current = key;
    if (first) return; // the page itself says where we are on arrival
    switch (phase.phase) {
      case 'lobby':
        setMessage('');
        break;
      case 'question':
        setMessage(t('game.questionOf', { n: phase.index + 1, total: phase.total }));
        break;
      case 'reveal': {
        const result = snapshot.me.result?.questionId === phase.questionId ? snapshot.me.result : null;
        // Joined by the language's own full stop ("不对。+0 分", "Wrong. +0 points").
        setMessage(
          result
            ? t('play.announce.sentences', { first: t(`result.${result.status}`), second: t('play.reveal.points', { points: result.points }) })
            : t('game.answerOf', { n: phase.index + 1, total: phase.total }),
        );
        break;
      }
      case 'leaderboard':
        setMessage(snapshot.me.rank !== null ? `${t('play.standing.yourRank')} ${t('play.rank', { rank: snapshot.me.rank })}` : '');
        break;
      case 'podium':
      case 'ended':
        setMessage(
          snapshot.me.rank !== null ? t('play.announce.sentences', { first: t('game.finalResults'), second: t('play.rank', { rank: snapshot.me.rank }) }) : t('game.finalResults'),
        );
        break;
    }
  }, [key]);

  return (
    <p class="visually-hidden" aria-live="polite" aria-atomic="true">
      {message}
    </p>
  );
}

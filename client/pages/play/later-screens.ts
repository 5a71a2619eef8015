/**
 * The phone's screens after a question closes (reveal, standings, final rank). They are
 * fetched right after the page opens, while the student waits in the lobby, so the first
 * load carries only what joining and answering need.
 */
export { PlayerReveal } from './reveal.tsx';
export { PlayerFinal, PlayerStanding } from './standing.tsx';

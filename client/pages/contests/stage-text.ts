import type { ContestStage } from '../../../shared/protocol/contests.ts';
import type { MessageKey, MessageParams } from '../../i18n/index.ts';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * Where a contest stands, in a sentence. `rooms` (open of expected) is said in the lobby when known;
 * `total` questions when known (the list has no count: it says the stage only).
 */
export function stageText(t: Translate, stage: ContestStage, detail: { total: number; open: number; rooms: number } | null): string {
  switch (stage.stage) {
    case 'lobby':
      return detail ? t('contests.stage.lobby', { open: detail.open, rooms: detail.rooms }) : t('board.stage.lobby');
    case 'question':
      if (!detail) return t('board.room.question', { n: stage.index + 1 });
      return t(stage.deadline === null ? 'contests.stage.questionUntimed' : 'contests.stage.question', { n: stage.index + 1, total: detail.total });
    case 'reveal':
      return detail ? t('contests.stage.reveal', { n: stage.index + 1, total: detail.total }) : t('board.room.reveal', { n: stage.index + 1 });
    case 'ended':
      return t('contests.stage.ended');
  }
}

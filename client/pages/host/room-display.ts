/**
 * How the projector names a room and where it sends phones: used by the room screen, the
 * lobby and the set-up's list of recent games (kept apart from room.tsx, which loads the
 * modes' screens, so those screens can use the lobby without an import cycle).
 */
import { translate } from '../../i18n/index.ts';
import type { RoomStore } from '../../room/room-connection.ts';

/** The room's title in the reader's language when it is the default one. */
export function roomTitle(title: string, t: (key: 'app.name') => string): string {
  return title === translate('en', 'app.name') || title === translate('zh-CN', 'app.name') ? t('app.name') : title;
}

/** Where phones join: the link the server gave at creation, or this page's own origin. */
export function joinLinkOf(store: RoomStore): string {
  return store.joinUrl.value ?? `${location.origin}/join/${store.code}`;
}

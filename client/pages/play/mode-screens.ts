/** A phone's screens of each room mode (see ../mode-screens.ts); a quiz phone never loads them. */
import type { PlayerSnapshot } from '../../../shared/protocol/index.ts';
import { lazyModule } from '../../lazy-module.ts';
import type { ModeScreenLookup, ModeScreenModule, ModeScreenRegistry } from '../mode-screens.ts';

export const playerModeScreens: ModeScreenLookup<PlayerSnapshot> = {
  relay: lazyModule<ModeScreenModule<PlayerSnapshot>>(() => import('./relay/index.tsx')),
  descent: lazyModule<ModeScreenModule<PlayerSnapshot>>(() => import('./descent/index.tsx')),
} satisfies ModeScreenRegistry<PlayerSnapshot>;

/** The projector's screens of each room mode (see ../mode-screens.ts). */
import type { HostSnapshot } from '../../../shared/protocol/index.ts';
import { lazyModule } from '../../lazy-module.ts';
import type { ModeScreenLookup, ModeScreenModule, ModeScreenRegistry } from '../mode-screens.ts';

export const hostModeScreens: ModeScreenLookup<HostSnapshot> = {
  relay: lazyModule<ModeScreenModule<HostSnapshot>>(() => import('./relay/index.tsx')),
  descent: lazyModule<ModeScreenModule<HostSnapshot>>(() => import('./descent/index.tsx')),
} satisfies ModeScreenRegistry<HostSnapshot>;

/**
 * The diagram's layout constants and overall size, kept apart from the drawing so a
 * placeholder of the same size can hold its place while the drawing code loads.
 */
import type { Network } from '../../../shared/engine/index.ts';

export const RADIUS = 24;
/** Room above the nodes for the weight labels, and above that for given values when there are any. */
export const LABEL_ROOM = 52;
export const GIVEN_ROOM = 34;
export const INPUT_GAP = 140;
export const ACTIVATION_GAP = 96;
export const LOSS_GAP = 120;
export const MARGIN = 62;

export function nodeY(hasGiven: boolean): number {
  return LABEL_ROOM + (hasGiven ? GIVEN_ROOM : 0);
}

export function diagramSize(network: Pick<Network, 'layers'>, hasGiven: boolean): { width: number; height: number } {
  const width = MARGIN + network.layers.length * (INPUT_GAP + ACTIVATION_GAP) + LOSS_GAP + MARGIN;
  const height = nodeY(hasGiven) + 68 + 26;
  return { width, height };
}

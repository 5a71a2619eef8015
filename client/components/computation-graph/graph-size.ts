/**
 * The graph's geometry constants and overall size, apart from the layout so that a
 * placeholder of the same size can hold its place while the drawing code loads.
 */
import type { Network } from '../../../shared/engine/network.ts';

export const COLUMN = 88;
export const MARGIN_X = 72;
export const BOX_HEIGHT = 36;
export const ROWS = {
  update: 22,
  topValue: 48,
  top: 76,
  topGradient: 116,
  mainValue: 148,
  main: 176,
  mainGradient: 218,
  local: 254,
} as const;
export const GRAPH_HEIGHT = 272;

export function graphSize(network: Pick<Network, 'layers'>): { width: number; height: number } {
  return { width: 2 * MARGIN_X + (6 * network.layers.length + 2) * COLUMN, height: GRAPH_HEIGHT };
}

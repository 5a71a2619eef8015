/**
 * "Each team its own numbers" for a teacher's network (docs/question-sets.md, "Team variants").
 * The rule: same depth, activations, loss, η and asks; each of x, every w and b, and y_true moved by
 * 10–30 % up or down, keeping its sign (0 stays 0), rounded to the decimals the teacher used or to
 * two significant figures if that needs more, never equal to the original. A draw is kept only
 * when it is playable (valid, |z| ≤ 10, finite answers and tolerances) and at least as good as the
 * teacher's own numbers (not saturated past 4, a real error to correct, answers that can be told
 * apart from zero and from their sign-flipped twin, no answer written like an input); after
 * PERTURB_ATTEMPTS draws the teacher's own numbers are used.
 */
import { decimalsFor } from '../engine/format-number.ts';
import { isGradable, isReasonable, looksLikeAnInput } from '../engine/generate-problem.ts';
import { type Network, type Rng, createRng, deriveSeed, validateNetwork } from '../engine/index.ts';
import { contextFor } from '../engine/quantity-problem.ts';
import { checkedProblem } from './numeric-checks.ts';

export const PERTURB_ATTEMPTS = 100;
/** The relative move of each value: at least 10 %, at most 30 %. */
export const PERTURB_RANGE: readonly [number, number] = [0.1, 0.3];

/** Decimals `v` is written with (at most 10). */
export function decimalsOf(v: number): number {
  for (let d = 0; d < 10; d++) {
    const scaled = v * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled))) return d;
  }
  return 10;
}

function roundTo(v: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(v * scale) / scale;
}

/** Draws of one value before it is left as the teacher wrote it. */
const MOVE_ATTEMPTS = 20;

/** `v` moved by 10–30 % within its sign, rounded as the rule says; 0 stays 0. */
function moved(rng: Rng, v: number): number {
  if (v === 0) return 0;
  const decimals = Math.max(decimalsOf(v), decimalsFor(v, 2));
  for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
    const [lo, hi] = PERTURB_RANGE;
    const factor = lo + rng.next() * (hi - lo);
    const candidate = roundTo(v * (rng.next() < 0.5 ? 1 - factor : 1 + factor), decimals);
    // Two significant figures leave room for a move of 10 % that rounding does not undo; only values
    // at the ends of the doubles (10^-320, 10^308) can fail here, and those stay as they are.
    if (Number.isFinite(candidate) && candidate !== v && Math.sign(candidate) === Math.sign(v)) return candidate;
  }
  return v;
}

interface Qualities {
  reasonable: boolean;
  gradable: boolean;
  distinct: boolean;
}

/** What a draw must keep of the teacher's numbers; null when `network` cannot be played at all. */
function qualities(network: Network, asks: readonly string[]): Qualities | null {
  const { issues, problem } = checkedProblem(network, asks.length > 0 ? asks : ['L']);
  if (issues.length > 0) return null;
  const asked = asks.length > 0 ? problem : null;
  const gradings = asked ? (asked.steps?.map((s) => s.grading) ?? (asked.grading.type === 'numeric' ? [asked.grading] : [])) : [];
  return {
    reasonable: isReasonable(contextFor(network)),
    gradable: gradings.length > 0 && gradings.every(isGradable),
    distinct: asked !== null && !looksLikeAnInput(asked),
  };
}

function atLeastAsGood(candidate: Qualities | null, original: Qualities): boolean {
  if (!candidate) return false;
  return (
    (!original.reasonable || candidate.reasonable) &&
    (!original.gradable || candidate.gradable) &&
    (!original.distinct || candidate.distinct)
  );
}

/**
 * The documented perturbation rule for team variants: same depth, activations, loss, η and asks;
 * new numbers. `asks`: the quantities the item asks, so a draw keeps them gradable.
 * Deterministic in (network, seed, asks).
 */
export function perturbNetwork(network: Network, seed: number, asks: readonly string[] = []): Network {
  const rng = createRng(deriveSeed(seed, 'perturb'));
  const original = qualities(network, asks);
  // A target a sigmoid output can reach stays one it can reach.
  const sigmoidRange = network.layers[network.layers.length - 1]!.activation === 'sigmoid' && network.target >= 0 && network.target <= 1;
  const keepsRange = (t: number) => !sigmoidRange || (t >= 0 && t <= 1);
  // Cross-entropy's 0 and 1 are class labels, not measurements: a team's variant keeps the label.
  const label = network.loss === 'bce' && (network.target === 0 || network.target === 1);
  for (let attempt = 0; attempt < PERTURB_ATTEMPTS && original; attempt++) {
    const candidate: Network = {
      x: moved(rng, network.x),
      layers: network.layers.map((l) => ({ w: moved(rng, l.w), b: moved(rng, l.b), activation: l.activation })),
      loss: network.loss,
      target: label ? network.target : moved(rng, network.target),
      lr: network.lr,
    };
    if (!keepsRange(candidate.target)) continue;
    // The cheap test first: most rejected draws fail it, before any problem is made of them.
    if (validateNetwork(candidate) !== null || (original.reasonable && !isReasonable(contextFor(candidate)))) continue;
    if (atLeastAsGood(qualities(candidate, asks), original)) return candidate;
  }
  return { ...network, layers: network.layers.map((l) => ({ ...l })) };
}

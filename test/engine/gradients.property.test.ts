import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Activation, type Network, evaluateNetwork, quantityKeys } from '../../shared/engine/index.ts';
import { contextFor, runProcedure, valueOf } from '../../shared/engine/quantity-problem.ts';
import { canonicalKey } from '../../shared/engine/symbols.ts';

/** Loss and activations recomputed directly, independent of the autodiff tape. */
function activate(z: number, activation: Activation): number {
  switch (activation) {
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return Math.max(0, z);
    case 'linear':
      return z;
  }
}

function forwardPass(network: Network): { zs: number[]; y: number; L: number } {
  let a = network.x;
  const zs: number[] = [];
  for (const layer of network.layers) {
    const z = layer.w * a + layer.b;
    zs.push(z);
    a = activate(z, layer.activation);
  }
  const t = network.target;
  const L = network.loss === 'mse' ? 0.5 * (a - t) ** 2 : -(t * Math.log(a) + (1 - t) * Math.log(1 - a));
  return { zs, y: a, L };
}

const activation = fc.constantFrom<Activation>('sigmoid', 'tanh', 'relu', 'linear');
const value = fc.double({ min: -3, max: 3, noNaN: true });

const networks: fc.Arbitrary<Network> = fc
  .record({
    x: value,
    layers: fc.array(fc.record({ w: value, b: value, activation }), { minLength: 1, maxLength: 3 }),
    bce: fc.boolean(),
    target: fc.double({ min: 0, max: 1, noNaN: true }),
    lr: fc.double({ min: 0.001, max: 1, noNaN: true }),
  })
  .map(({ x, layers, bce, target, lr }) => {
    const loss = bce ? 'bce' : 'mse';
    if (bce) layers[layers.length - 1]!.activation = 'sigmoid';
    return { x, layers, loss, target, lr } as Network;
  });

/**
 * Smooth where no ReLU sits near its kink and a sigmoid output under BCE is not saturated
 * (near 0 or 1, ln(1 − y) loses digits to cancellation and the finite difference, not the
 * gradient, becomes noisy).
 */
function isSmooth(network: Network): boolean {
  const { zs, y } = forwardPass(network);
  if (network.layers.some((l, i) => l.activation === 'relu' && Math.abs(zs[i]!) < 1e-3)) return false;
  return network.loss === 'mse' || (y > 0.01 && y < 0.99);
}

function withParameter(network: Network, layer: number, param: 'w' | 'b', delta: number): Network {
  return { ...network, layers: network.layers.map((l, i) => (i === layer ? { ...l, [param]: l[param] + delta } : l)) };
}

function closeTo(actual: number, expected: number, rel = 1e-6, abs = 1e-8): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(actual), Math.abs(expected)) + abs;
}

const H = 1e-5;

describe('evaluateNetwork agrees with central finite differences', () => {
  it('for dL/dw, dL/db, dL/dz of every layer and the local derivatives', () => {
    fc.assert(
      fc.property(networks, (network) => {
        fc.pre(isSmooth(network));
        const q = evaluateNetwork(network);
        const { zs, y, L } = forwardPass(network);
        expect(closeTo(q.L!, L, 1e-12, 1e-15)).toBe(true);
        expect(closeTo(q.y!, y, 1e-12, 1e-15)).toBe(true);
        network.layers.forEach((layer, i) => {
          const k = i + 1;
          for (const param of ['w', 'b'] as const) {
            const numeric = (forwardPass(withParameter(network, i, param, H)).L - forwardPass(withParameter(network, i, param, -H)).L) / (2 * H);
            const key = `dL/d${param}${k}`;
            if (!closeTo(q[key]!, numeric, 1e-6, 1e-8 * Math.max(1, L))) throw new Error(`${key}: autodiff ${q[key]} vs finite difference ${numeric}`);
            expect(q[`${param}${k}'`]).toBeCloseTo(layer[param] - network.lr * q[key]!, 12);
          }
          // dL/dz = dL/db, and the local derivative of the activation.
          expect(q[`dL/dz${k}`]).toBe(q[`dL/db${k}`]);
          const z = zs[i]!;
          const slope = (activate(z + H, layer.activation) - activate(z - H, layer.activation)) / (2 * H);
          expect(closeTo(q[`da${k}/dz${k}`]!, slope)).toBe(true);
        });
        // dL/dy: perturb the output directly.
        const t = network.target;
        const loss = (v: number) => (network.loss === 'mse' ? 0.5 * (v - t) ** 2 : -(t * Math.log(v) + (1 - t) * Math.log(1 - v)));
        if (network.loss === 'mse' || (y > 1e-3 && y < 1 - 1e-3)) {
          expect(closeTo(q['dL/dy']!, (loss(y + H * 1e-2) - loss(y - H * 1e-2)) / (2 * H * 1e-2), 1e-5, 1e-7)).toBe(true);
        }
      }),
      { numRuns: 3000, seed: 20261127 },
    );
  });

  it('and the worked procedure a student follows reaches the same values without mistakes', () => {
    fc.assert(
      fc.property(networks, (network) => {
        fc.pre(isSmooth(network));
        const q = evaluateNetwork(network);
        const ctx = contextFor(network);
        const n = network.layers.length;
        for (const key of quantityKeys(n)) {
          const canonical = canonicalKey(key, n);
          const target = ctx.plan.byKey.has(canonical) ? canonical : null;
          if (!target) continue;
          const procedure = valueOf(ctx, runProcedure(ctx, target), target).v;
          if (!closeTo(procedure, q[key]!, 1e-9, 1e-12)) throw new Error(`${key}: procedure ${procedure} vs autodiff ${q[key]}`);
        }
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});

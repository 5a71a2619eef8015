/**
 * Networks that branch (shared/engine/graph.ts), over thousands of random graphs of every shape:
 * every gradient the tape gives agrees with central finite differences and with an independent
 * forward-mode autograd (dual numbers, written here), each path's share too, and the worked
 * procedure without mistakes agrees with both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Activation, type GraphNetwork, type GraphNeuron, evaluateGraph, graphQuantityKeys, validateGraph } from '../../shared/engine/index.ts';
import { activationKey, biasKey, inputKey, weightKey } from '../../shared/engine/graph.ts';
import { graphContextFor } from '../../shared/engine/graph-procedure.ts';
import { runProcedure, valueOf } from '../../shared/engine/quantity-problem.ts';

/** A value and its derivative with respect to the one quantity seeded with 1. */
interface Dual {
  v: number;
  d: number;
}

function act(z: Dual, activation: Activation): Dual {
  switch (activation) {
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-z.v));
      return { v: s, d: s * (1 - s) * z.d };
    }
    case 'tanh': {
      const t = Math.tanh(z.v);
      return { v: t, d: (1 - t * t) * z.d };
    }
    case 'relu':
      return z.v > 0 ? z : { v: 0, d: 0 };
    case 'linear':
      return z;
  }
}

/**
 * The graph's forward pass in dual numbers. `seed`: the quantity whose derivative the dual parts
 * carry (the loss's dual part is then dL/d{seed}, the seeded value's own inputs held fixed, which
 * is what backpropagation computes). `nudge`: added to one quantity as it is computed.
 */
function forward(graph: GraphNetwork, seed?: string, nudge?: { key: string; by: number }): Map<string, Dual> {
  const values = new Map<string, Dual>();
  const put = (key: string, v: number) => {
    const value = v + (nudge?.key === key ? nudge.by : 0);
    values.set(key, { v: value, d: key === seed ? 1 : 0 });
  };
  const keep = (key: string, dual: Dual) => {
    const v = dual.v + (nudge?.key === key ? nudge.by : 0);
    values.set(key, key === seed ? { v, d: 1 } : { v, d: dual.d });
  };
  graph.x.forEach((x, i) => put(inputKey(graph, i), x));
  for (const neuron of graph.neurons) {
    neuron.w.forEach((w, i) => put(weightKey(neuron, i), w));
    put(biasKey(neuron), neuron.b);
    let z = values.get(biasKey(neuron))!;
    neuron.inputs.forEach((input, i) => {
      const w = values.get(weightKey(neuron, i))!;
      const a = values.get(input)!;
      z = { v: z.v + w.v * a.v, d: z.d + w.d * a.v + w.v * a.d };
    });
    keep(`z${neuron.id}`, z);
    keep(`a${neuron.id}`, act(values.get(`z${neuron.id}`)!, neuron.activation));
  }
  const output = graph.neurons[graph.neurons.length - 1]!;
  const own = values.get(`a${output.id}`)!;
  const skip = graph.skip === undefined ? { v: 0, d: 0 } : values.get(`a${graph.skip}`)!;
  keep('y', { v: own.v + skip.v, d: own.d + skip.d });
  const y = values.get('y')!;
  const t = graph.target;
  const L =
    graph.loss === 'mse'
      ? { v: 0.5 * (y.v - t) ** 2, d: (y.v - t) * y.d }
      : { v: -(t * Math.log(y.v) + (1 - t) * Math.log(1 - y.v)), d: (-t / y.v + (1 - t) / (1 - y.v)) * y.d };
  values.set('L', L);
  return values;
}

/** The key a quantity has in the dual pass: the output's activation is `y` there only without a skip. */
function dualKey(graph: GraphNetwork, key: string): string {
  const output = graph.neurons[graph.neurons.length - 1]!;
  return key === 'y' && graph.skip === undefined ? `a${output.id}` : key;
}

/** ∂{consumer}/∂{value} along the one edge between them: the weight into z, or 1 into y = a_out + a_skip. */
function edge(graph: GraphNetwork, consumer: string, value: string): number {
  if (consumer === 'y') return 1;
  const neuron = graph.neurons.find((n) => `z${n.id}` === consumer)!;
  return neuron.w[neuron.inputs.indexOf(value)]!;
}

/** Every gradient, path share and local derivative of the graph, from the dual numbers alone. */
function independentGradients(graph: GraphNetwork): Map<string, number> {
  const out = new Map<string, number>();
  const dLd = (key: string) => forward(graph, dualKey(graph, key)).get('L')!.d;
  for (const key of graphQuantityKeys(graph)) {
    const path = /^dL\/d(.+):(.+)$/.exec(key);
    if (path) out.set(key, dLd(path[2]!) * edge(graph, path[2]!, path[1]!));
    else if (key.startsWith('dL/d')) out.set(key, dLd(key.slice(4)));
    else if (/^d.+\/d.+$/.test(key)) {
      const [, of, wrt] = /^d(.+)\/d(.+)$/.exec(key)!;
      out.set(key, forward(graph, dualKey(graph, wrt!)).get(dualKey(graph, of!))!.d);
    }
  }
  return out;
}

const H = 1e-5;

/** (L(q + h) − L(q − h)) / 2h, nudging the quantity q as it is computed (its own inputs unchanged). */
function centralDifference(graph: GraphNetwork, key: string): number {
  const k = dualKey(graph, key);
  const up = forward(graph, undefined, { key: k, by: H }).get('L')!.v;
  const down = forward(graph, undefined, { key: k, by: -H }).get('L')!.v;
  return (up - down) / (2 * H);
}

const value = fc.double({ min: -2, max: 2, noNaN: true });
const activation = fc.constantFrom<Activation>('sigmoid', 'tanh', 'relu', 'linear');
const neuron = (id: string, inputs: string[]) =>
  fc.record({ w: fc.array(value, { minLength: inputs.length, maxLength: inputs.length }), b: value, activation }).map(
    ({ w, b, activation }): GraphNeuron => ({ id, inputs, w, b, activation }),
  );
const common = { target: fc.double({ min: 0.05, max: 0.95, noNaN: true }), lr: fc.double({ min: 0.001, max: 1, noNaN: true }), bce: fc.boolean() };
const names = (n: number) => (n === 1 ? ['x'] : Array.from({ length: n }, (_, i) => `x${i + 1}`));

/** y must be a sigmoid for cross-entropy; a skip connection keeps MSE (y leaves (0, 1)). */
function withLoss(graph: Omit<GraphNetwork, 'loss'>, bce: boolean): GraphNetwork {
  if (!bce || graph.skip !== undefined) return { ...graph, loss: 'mse' };
  graph.neurons[graph.neurons.length - 1]!.activation = 'sigmoid';
  return { ...graph, loss: 'bce' };
}

const multiInput = fc.integer({ min: 2, max: 3 }).chain((n) =>
  fc.record({ x: fc.array(value, { minLength: n, maxLength: n }), out: neuron('1', names(n)), ...common }).map(({ x, out, target, lr, bce }) =>
    withLoss({ shape: 'multi-input', x, neurons: [out], target, lr }, bce),
  ),
);
const hiddenPair = fc.integer({ min: 1, max: 2 }).chain((n) =>
  fc
    .record({ x: fc.array(value, { minLength: n, maxLength: n }), h1: neuron('1_1', names(n)), h2: neuron('1_2', names(n)), out: neuron('2', ['a1_1', 'a1_2']), ...common })
    .map(({ x, h1, h2, out, target, lr, bce }) => withLoss({ shape: 'hidden-pair', x, neurons: [h1, h2, out], target, lr }, bce)),
);
const skip = fc
  .record({ x: value, h: neuron('1', ['x']), out: neuron('2', ['a1']), ...common })
  .map(({ x, h, out, target, lr }) => withLoss({ shape: 'skip', x: [x], neurons: [h, out], skip: '1', target, lr }, false));
const graphs = fc.oneof(multiInput, hiddenPair, skip);

/** Away from a ReLU's kink and a saturated cross-entropy, where finite differences, not gradients, go wrong. */
function isSmooth(graph: GraphNetwork): boolean {
  const q = evaluateGraph(graph);
  if (graph.neurons.some((n) => n.activation === 'relu' && Math.abs(q[`z${n.id}`]!) < 1e-3)) return false;
  return graph.loss === 'mse' || (q.y! > 0.01 && q.y! < 0.99);
}

const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

describe('networks that branch', () => {
  it('are valid as drawn, and every quantity is finite', () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        expect(validateGraph(graph)).toBeNull();
        expect(Object.values(evaluateGraph(graph)).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  });

  it('give every gradient, path share and local derivative as an independent autograd does', () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const q = evaluateGraph(graph);
        for (const [key, expected] of independentGradients(graph)) expect(close(q[key]!, expected, 1e-9), `${key}: ${q[key]} vs ${expected}`).toBe(true);
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  });

  it('give every gradient of L as central finite differences do', () => {
    fc.assert(
      fc.property(
        graphs.filter((g) => isSmooth(g)),
        (graph) => {
          const q = evaluateGraph(graph);
          for (const key of graphQuantityKeys(graph)) {
            if (!key.startsWith('dL/d') || key.includes(':')) continue;
            const numeric = centralDifference(graph, key.slice(4));
            expect(close(q[key]!, numeric, 1e-5), `${key}: ${q[key]} vs ${numeric}`).toBe(true);
          }
        },
      ),
      { numRuns: 3000, seed: 20261207 },
    );
  });

  it('sum the path shares where a value reaches the loss along two paths', () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const q = evaluateGraph(graph);
        const shares = Object.keys(q).filter((key) => key.includes(':'));
        for (const total of new Set(shares.map((key) => key.split(':')[0]!))) {
          const sum = shares.filter((key) => key.startsWith(`${total}:`)).reduce((s, key) => s + q[key]!, 0);
          expect(close(q[total]!, sum, 1e-12), total).toBe(true);
        }
        if (graph.shape !== 'multi-input') expect(shares.length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  });

  it('are worked through by the procedure to the autodiff’s values, step by step', () => {
    fc.assert(
      fc.property(
        graphs.filter((g) => isSmooth(g)),
        (graph) => {
          const ctx = graphContextFor(graph);
          for (const key of graphQuantityKeys(graph)) {
            // Written down honestly the midpoints stay exact (only the error bounds grow): the arithmetic is compared.
            const worked = valueOf(ctx, runProcedure(ctx, key), key).v;
            expect(close(worked, ctx.quantities[key]!, 1e-9), `${key}: ${worked} vs ${ctx.quantities[key]}`).toBe(true);
          }
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('are refused when they are not networks of the documented shapes', () => {
    const base: GraphNetwork = {
      shape: 'skip',
      x: [0.5],
      neurons: [
        { id: '1', inputs: ['x'], w: [0.4], b: 0.1, activation: 'sigmoid' },
        { id: '2', inputs: ['a1'], w: [0.7], b: -0.2, activation: 'sigmoid' },
      ],
      skip: '1',
      loss: 'mse',
      target: 0.8,
      lr: 0.1,
    };
    expect(validateGraph(base)).toBeNull();
    const broken: [string, GraphNetwork][] = [
      ['reads a later value', { ...base, neurons: [{ ...base.neurons[0]!, inputs: ['a2'] }, base.neurons[1]!] }],
      ['a weight short', { ...base, neurons: [{ ...base.neurons[0]!, w: [] }, base.neurons[1]!] }],
      ['skip from the output', { ...base, skip: '2' }],
      ['cross-entropy with a skip', { ...base, loss: 'bce' }],
      ['an input feeding nothing', { ...base, x: [0.5, 0.2] }],
      ['not finite', { ...base, target: Number.NaN }],
      ['a layer skipped', { ...base, neurons: [base.neurons[0]!, { ...base.neurons[1]!, id: '3' }] }],
      ['an unnumbered pair', { ...base, skip: undefined, shape: 'hidden-pair', neurons: [base.neurons[0]!, { ...base.neurons[0]!, id: '1' }, base.neurons[1]!] }],
    ];
    for (const [what, graph] of broken) expect(validateGraph(graph), what).not.toBeNull();
    expect(() => evaluateGraph(broken[0]![1])).toThrow(/invalid graph/);
  });

  it('keep the source text’s letters for one neuron and index the rest', () => {
    const g: GraphNetwork = {
      shape: 'multi-input',
      x: [0.5, -0.3],
      neurons: [{ id: '1', inputs: ['x1', 'x2'], w: [0.8, -0.4], b: 0.1, activation: 'sigmoid' }],
      loss: 'mse',
      target: 1,
      lr: 0.1,
    };
    expect(graphQuantityKeys(g)).toEqual([
      'z1', 'y', 'L', 'dL/dy', 'dy/dz1', 'dL/dz1', 'dz1/dw1_1', 'dL/dw1_1', 'dz1/dw1_2', 'dL/dw1_2', 'dz1/db1', 'dL/db1', "w1_1'", "w1_2'", "b1'",
    ]);
    const ctx = graphContextFor(g);
    expect(ctx.plan.symbols.get('dL/dw1_2')).toBe('\\frac{dL}{dw_{2}}');
    expect(ctx.plan.symbols.get('z1')).toBe('z');
    const pair = graphContextFor({
      ...g,
      shape: 'hidden-pair',
      x: [0.5, -0.3],
      neurons: [
        { id: '1_1', inputs: ['x1', 'x2'], w: [0.8, -0.4], b: 0.1, activation: 'tanh' },
        { id: '1_2', inputs: ['x1', 'x2'], w: [0.3, 0.6], b: -0.1, activation: 'sigmoid' },
        { id: '2', inputs: ['a1_1', 'a1_2'], w: [1.1, -0.7], b: 0.05, activation: 'sigmoid' },
      ],
    });
    expect(activationKey(pair.network, pair.network.neurons[2]!)).toBe('y');
    expect(pair.plan.symbols.get('dL/dw1_21')).toBe('\\frac{dL}{dw_{1,21}}');
    expect(pair.plan.symbols.get('dL/dx1:z1_2')).toBe('\\frac{dL}{dz_{1,2}} \\frac{dz_{1,2}}{dx_{1}}');
    expect(Object.keys(pair.quantities)).toContain('dL/dx2');
  });
});

/**
 * The computation graph's data: which boxes, operations and edges a network gives, and which
 * number lands on which edge — checked against the source text's worked example and the
 * engine's own evaluation of deeper networks.
 */
import { describe, expect, it } from 'vitest';
import { graphLabels } from '../../client/components/computation-graph/graph-labels.ts';
import { type GraphLayout, graphSize, layoutGraph } from '../../client/components/computation-graph/graph-layout.ts';
import { graphValues } from '../../client/components/computation-graph/graph-values.ts';
import { type Network, SEED_NETWORK, evaluateNetwork, generateProblem, quantityKeys, relayLinks } from '../../shared/engine/index.ts';

const DEEP: Network = {
  x: 0.6,
  layers: [
    { w: -1.2, b: 0.3, activation: 'tanh' },
    { w: 0.8, b: -0.1, activation: 'sigmoid' },
    { w: 1.5, b: 0.2, activation: 'sigmoid' },
  ],
  loss: 'mse',
  target: 0.3,
  lr: 0.1,
};

function solvedLabels(network: Network) {
  const layout = layoutGraph(network);
  return { layout, labels: graphLabels(layout, { network, ...graphValues(network) }) };
}

/** The text of a slot on a box: `value`, `gradient` or `update`. */
function text(labels: ReturnType<typeof graphLabels>, box: string, slot: 'value' | 'gradient' | 'update'): string | null {
  const labelsOfBox = labels.boxes.get(box);
  if (!labelsOfBox) throw new Error(`no box ${box}`);
  return labelsOfBox[slot]?.text ?? null;
}

function edgeNames(layout: GraphLayout): string[] {
  return layout.edges.map((e) => `${e.from}→${e.to}`);
}

describe('the graph of a network', () => {
  it('draws the source text’s neuron as x, w, b → × → + → z → σ → y → MSE → L, without indices', () => {
    const layout = layoutGraph(SEED_NETWORK);
    expect(layout.values.map((v) => v.id)).toEqual(['x', 'w1', 'w1*x', 'b1', 'z1', 'y', 't', 'L']);
    expect(layout.values.map((v) => v.name)).toEqual(['x', 'w', 'w·x', 'b', 'z', 'y', 'y_true', 'L']);
    expect(layout.ops.map((o) => o.label)).toEqual(['×', '+', 'σ', 'MSE']);
    expect(edgeNames(layout)).toEqual([
      'w1→mul1',
      'b1→add1',
      't→loss',
      'x→mul1',
      'mul1→w1*x',
      'w1*x→add1',
      'add1→z1',
      'z1→act1',
      'act1→y',
      'y→loss',
      'loss→L',
    ]);
    expect(layout.values.find((v) => v.id === 'w1')!.gradientName).toBe('dL/dw');
    expect(layout.ops.find((o) => o.id === 'act1')!.localName).toBe('dy/dz');
    expect({ width: layout.width, height: layout.height }).toEqual(graphSize(SEED_NETWORK));
  });

  it('indexes deeper networks by layer, keeps y for the output, and names each activation and the loss', () => {
    const layout = layoutGraph(DEEP);
    expect(layout.values.map((v) => v.name)).toEqual([
      'x', 'w1', 'w1·x', 'b1', 'z1', 'a1', 'w2', 'w2·a1', 'b2', 'z2', 'a2', 'w3', 'w3·a2', 'b3', 'z3', 'y', 'y_true', 'L',
    ]);
    expect(layout.ops.map((o) => o.label)).toEqual(['×', '+', 'tanh', '×', '+', 'σ', '×', '+', 'σ', 'MSE']);
    expect(layout.ops.filter((o) => o.localName).map((o) => o.localName)).toEqual(['da1/dz1', 'da2/dz2', 'dy/dz3']);
    // a1 feeds the second layer's product: the chain runs on without a gap.
    expect(edgeNames(layout)).toContain('a1→mul2');
    expect(layoutGraph({ ...SEED_NETWORK, loss: 'bce' }).ops.at(-1)!.label).toBe('BCE');
    expect(layoutGraph({ ...SEED_NETWORK, layers: [{ w: 1, b: 0, activation: 'relu' }] }).ops[2]!.label).toBe('ReLU');
  });

  it('gives every quantity of the vocabulary a place: a box, its gradient or update, or an operation', () => {
    for (const network of [SEED_NETWORK, DEEP]) {
      const layout = layoutGraph(network);
      const placed = new Set([
        ...layout.values.flatMap((v) => [...v.keys, ...v.valueKeys, ...v.gradientKeys]),
        ...layout.ops.flatMap((o) => o.keys),
      ]);
      for (const key of quantityKeys(network.layers.length)) expect(placed, key).toContain(key);
      // And every link of a relay over it, so the relay screens can fill the graph link by link.
      for (const link of relayLinks(network)) expect(placed, link.asks).toContain(link.asks);
    }
  });

  it('keeps boxes and operations apart on each row and inside the drawing', () => {
    for (const network of [SEED_NETWORK, DEEP]) {
      const layout = layoutGraph(network);
      const items = [...layout.values, ...layout.ops];
      for (const item of items) {
        expect(item.x - item.width / 2).toBeGreaterThanOrEqual(0);
        expect(item.x + item.width / 2).toBeLessThanOrEqual(layout.width);
      }
      for (const a of items) {
        for (const b of items) {
          if (a === b || a.y !== b.y) continue;
          const gap = Math.abs(a.x - b.x) - (a.width + b.width) / 2;
          expect(gap, `${a.id} and ${b.id}`).toBeGreaterThanOrEqual(20);
        }
      }
    }
  });
});

describe('the numbers on its edges', () => {
  it('shows the worked example: forward values above, gradients below, the update above w', () => {
    const { labels } = solvedLabels(SEED_NETWORK);
    // Inputs exactly as given.
    expect(text(labels, 'x', 'value')).toBe('0.5');
    expect(text(labels, 'w1', 'value')).toBe('0.4');
    expect(text(labels, 'b1', 'value')).toBe('0.1');
    expect(text(labels, 't', 'value')).toBe('0.8');
    // Forward: z = 0.3, y ≈ 0.574, L ≈ 0.025 (0.0254 to three figures), w·x = 0.2.
    expect(text(labels, 'w1*x', 'value')).toBe('0.2');
    expect(text(labels, 'z1', 'value')).toBe('0.3');
    expect(text(labels, 'y', 'value')).toBe('0.574');
    expect(text(labels, 'L', 'value')).toBe('0.0254');
    // Backward: dL/dy ≈ −0.226, dL/dz = dL/db ≈ −0.0551, dL/dw ≈ −0.0276 (−0.02757), dL/dL = 1.
    expect(text(labels, 'L', 'gradient')).toBe('1');
    expect(text(labels, 'y', 'gradient')).toBe('−0.226');
    expect(text(labels, 'z1', 'gradient')).toBe('−0.0551');
    expect(text(labels, 'w1*x', 'gradient')).toBe('−0.0551');
    expect(text(labels, 'b1', 'gradient')).toBe('−0.0551');
    expect(text(labels, 'w1', 'gradient')).toBe('−0.0276');
    // dy/dz ≈ 0.244 under σ; w ← 0.4 − 0.01·(−0.02757) ≈ 0.40028, written with the step's digits.
    expect(labels.locals.get('act1')!.text).toBe('0.244');
    expect(text(labels, 'w1', 'update')).toBe('0.400276');
    expect(text(labels, 'b1', 'update')).toBe('0.100551');
    // x is data: no gradient drawn; y_true has none.
    expect(text(labels, 'x', 'gradient')).toBeNull();
    expect(text(labels, 't', 'gradient')).toBeNull();
  });

  it('matches the engine on every edge of a three-layer network', () => {
    const { layout, labels } = solvedLabels(DEEP);
    const q = evaluateNetwork(DEEP);
    const three = (v: number) => Number(v.toPrecision(3));
    const read = (box: string, slot: 'value' | 'gradient') => Number(text(labels, box, slot)!.replace('−', '-'));
    for (const [box, value, gradient] of [
      ['z1', 'z1', 'dL/dz1'],
      ['a1', 'a1', 'dL/da1'],
      ['z2', 'z2', 'dL/dz2'],
      ['a2', 'a2', 'dL/da2'],
      ['z3', 'z3', 'dL/dz3'],
      ['y', 'y', 'dL/dy'],
      ['b2', 'b2', 'dL/db2'],
      ['w3', 'w3', 'dL/dw3'],
    ] as const) {
      if (!box.startsWith('w') && !box.startsWith('b')) expect(read(box, 'value'), box).toBe(three(q[value]!));
      expect(read(box, 'gradient'), `${box} gradient`).toBe(three(q[gradient]!));
    }
    expect(read('w2*a1', 'value')).toBe(three(DEEP.layers[1]!.w * q.a1!));
    for (const op of layout.ops.filter((o) => o.localKey)) {
      expect(Number(labels.locals.get(op.id)!.text.replace('−', '-')), op.localKey!).toBe(three(q[op.localKey!]!));
    }
  });

  it('shows only the public inputs when given nothing else: safe while a question is open', () => {
    const problem = generateProblem({ kind: 'chain-gradient', seed: 7, difficulty: 1 });
    const network = problem.network!;
    const labels = graphLabels(layoutGraph(network), { network });
    const filled = [...labels.boxes].flatMap(([id, box]) => (['value', 'gradient', 'update'] as const).filter((slot) => box[slot]).map((slot) => `${id}.${slot}`));
    expect(filled).toEqual(['x.value', 'w1.value', 'b1.value', 't.value']);
    expect(labels.locals.size).toBe(0);
  });

  it('fills a relay live: sent links shown with their status, the others pending, the rest blank', () => {
    const network = SEED_NETWORK;
    const links = relayLinks(network).map((l) => l.asks);
    const values = graphValues(network);
    const labels = graphLabels(layoutGraph(network), {
      network,
      forward: values.forward,
      gradients: { 'dL/dy': values.gradients['dL/dy']!, 'dL/dz1': -0.0552 },
      pending: links,
      status: { 'dL/dy': 'correct', 'dL/dz1': 'wrong' },
    });
    expect(labels.boxes.get('y')!.gradient).toEqual({ text: '−0.226', pending: false, status: 'correct' });
    expect(labels.boxes.get('z1')!.gradient).toEqual({ text: '−0.0552', pending: false, status: 'wrong' });
    // The product carries the same number but is not the link that sent it.
    expect(labels.boxes.get('w1*x')!.gradient!.status).toBeNull();
    expect(labels.boxes.get('w1')!.gradient).toEqual({ text: '?', pending: true, status: null });
    expect(labels.boxes.get('w1')!.update).toEqual({ text: '?', pending: true, status: null });
    // dL/db is not a link of this relay: blank, not pending.
    expect(labels.boxes.get('b1')!.gradient).toBeNull();
    expect(labels.boxes.get('b1')!.update).toBeNull();
  });

  it('reads the output under either of its keys (y or a{n}, dL/dy or dL/da{n})', () => {
    const network = DEEP;
    const labels = graphLabels(layoutGraph(network), { network, forward: { a3: 0.61 }, gradients: { 'dL/da3': 0.31 } });
    expect(text(labels, 'y', 'value')).toBe('0.61');
    expect(text(labels, 'y', 'gradient')).toBe('0.31');
  });
});

/**
 * The computation graph's data: which boxes, operations and edges a network gives, and which
 * number lands on which edge — checked against the source text's worked example and the
 * engine's own evaluation of deeper networks; for networks that branch, every value on its box,
 * nothing written over anything else, the sum where paths meet and the text alternative.
 */
import { describe, expect, it } from 'vitest';
import { graphDescription, graphLabels } from '../../client/components/computation-graph/graph-labels.ts';
import { BOX_HEIGHT, type GraphLayout, graphSize, layoutGraph } from '../../client/components/computation-graph/graph-layout.ts';
import { graphValues } from '../../client/components/computation-graph/graph-values.ts';
import { type ProblemMessageKey, problemEn } from '../../client/i18n/problem-en.ts';
import {
  type GraphNetwork,
  type Network,
  SEED_NETWORK,
  evaluateGraph,
  evaluateNetwork,
  formatNumber,
  generateProblem,
  graphQuantityKeys,
  quantityKeys,
  relayLinks,
} from '../../shared/engine/index.ts';
import { type Rect, crosses, overlaps } from './layout-rects.ts';

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

// Networks that branch, one of each shape the engine draws (graph.ts), with numbers of its kinds.
const SKIP: GraphNetwork = {
  shape: 'skip',
  x: [0.6],
  neurons: [
    { id: '1', inputs: ['x'], w: [-0.9], b: 0, activation: 'sigmoid' },
    { id: '2', inputs: ['a1'], w: [-0.3], b: -0.1, activation: 'sigmoid' },
  ],
  skip: '1',
  loss: 'mse',
  target: 1.7,
  lr: 0.01,
};
const HIDDEN_PAIR: GraphNetwork = {
  shape: 'hidden-pair',
  x: [-0.4],
  neurons: [
    { id: '1_1', inputs: ['x'], w: [-1.4], b: -0.2, activation: 'sigmoid' },
    { id: '1_2', inputs: ['x'], w: [-0.4], b: -0.2, activation: 'sigmoid' },
    { id: '2', inputs: ['a1_1', 'a1_2'], w: [0.9, 0.3], b: -0.4, activation: 'sigmoid' },
  ],
  loss: 'mse',
  target: 0.9,
  lr: 0.1,
};
const TWO_TWO_ONE: GraphNetwork = {
  shape: 'hidden-pair',
  x: [-0.85, -0.3],
  neurons: [
    { id: '1_1', inputs: ['x1', 'x2'], w: [-0.3, 1.2], b: 0.2, activation: 'tanh' },
    { id: '1_2', inputs: ['x1', 'x2'], w: [1.05, -1.4], b: 0, activation: 'sigmoid' },
    { id: '2', inputs: ['a1_1', 'a1_2'], w: [0.4, -1.5], b: -0.6, activation: 'sigmoid' },
  ],
  loss: 'mse',
  target: 0.65,
  lr: 0.5,
};
const THREE_INPUTS: GraphNetwork = {
  shape: 'multi-input',
  x: [-1.25, 0.5, -1.7],
  neurons: [{ id: '1', inputs: ['x1', 'x2', 'x3'], w: [0.9, -0.7, 0.3], b: -0.65, activation: 'sigmoid' }],
  loss: 'mse',
  target: 0.25,
  lr: 0.1,
};
const TWO_INPUTS: GraphNetwork = {
  shape: 'multi-input',
  x: [1, 0.5],
  neurons: [{ id: '1', inputs: ['x1', 'x2'], w: [-1.2, 0.5], b: 0.6, activation: 'tanh' }],
  loss: 'mse',
  target: -0.2,
  lr: 0.01,
};
const GRAPHS = { skip: SKIP, 'hidden pair': HIDDEN_PAIR, '2-2-1': TWO_TWO_ONE, 'three inputs': THREE_INPUTS, 'two inputs': TWO_INPUTS };

/** The English strings, filled in as the client's `t` fills them. */
function english(key: ProblemMessageKey, params: Record<string, string | number> = {}): string {
  return problemEn[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const shown = (value: number) => formatNumber(value, 3).replace('-', '−');

/** Every text the graph writes, as a rectangle: as wide as the component's own estimate (0.56 em a character), one em tall. */
function textRects(layout: GraphLayout, labels: ReturnType<typeof graphLabels>): Rect[] {
  const rects: Rect[] = [];
  const add = (what: string, text: string, x: number, y: number, size: number, anchor: 'middle' | 'start' = 'middle') => {
    const width = text.length * size * 0.56;
    const x0 = anchor === 'middle' ? x - width / 2 : x;
    rects.push({ what, x0, x1: x0 + width, y0: y - 0.75 * size, y1: y + 0.25 * size });
  };
  for (const node of layout.values) {
    const box = labels.boxes.get(node.id)!;
    if (box.value) add(`${node.id} value`, box.value.text, node.x, node.valueY, 18);
    if (box.gradient) add(`${node.id} gradient`, box.gradient.text, node.x, node.gradientY, 18);
    if (box.update) add(`${node.id} update`, `${node.updateName} = ${box.update.text}`, node.x, node.updateY, 16);
  }
  for (const op of layout.ops) {
    const local = labels.locals.get(op.id);
    if (local) add(`${op.id} local`, `${op.localName} = ${local.text}`, op.x, op.localY, 16);
  }
  for (const merge of layout.merges) add(`${merge.id} sum`, `${merge.name} = ${labels.merges.get(merge.id)!.text}`, merge.x, merge.y, 16, 'start');
  return rects;
}

function boxRects(layout: GraphLayout): Rect[] {
  return [...layout.values, ...layout.ops].map((item) => ({
    what: item.id,
    x0: item.x - item.width / 2,
    x1: item.x + item.width / 2,
    y0: item.y - BOX_HEIGHT / 2,
    y1: item.y + BOX_HEIGHT / 2,
  }));
}

describe('the graph of a network that branches', () => {
  it('gives every quantity of the engine a place: a box, its gradient or update, an operation, or the sum where paths meet', () => {
    for (const [shape, graph] of Object.entries(GRAPHS)) {
      const layout = layoutGraph(graph);
      const placed = new Set([
        ...layout.values.flatMap((v) => [...v.keys, ...v.valueKeys, ...v.gradientKeys, ...(v.updateKey ? [v.updateKey] : [])]),
        ...layout.ops.flatMap((o) => o.keys),
        ...layout.merges.flatMap((m) => [m.key, ...m.shareKeys]),
      ]);
      for (const key of graphQuantityKeys(graph)) expect(placed, `${shape}: ${key}`).toContain(key);
      for (const key of Object.keys(evaluateGraph(graph))) expect(placed, `${shape}: ${key}`).toContain(key);
    }
  });

  it('puts every value of the engine on its box, and no two boxes or operations on top of each other', () => {
    for (const [shape, graph] of Object.entries(GRAPHS)) {
      const layout = layoutGraph(graph);
      const q = evaluateGraph(graph);
      const labels = graphLabels(layout, { network: graph, ...graphValues(graph) });
      for (const node of layout.values) {
        const box = labels.boxes.get(node.id)!;
        if (node.role === 'value' || node.role === 'loss') expect(box.value?.text, `${shape}: ${node.id}`).toBe(shown(q[node.valueKeys[0]!]!));
        const gradient = node.gradientKeys.find((key) => key in q);
        if (gradient) expect(box.gradient?.text, `${shape}: ${gradient}`).toBe(shown(q[gradient]!));
        if (node.updateKey) {
          // Written with the decimals that show the step (−0.3126 for −0.312612): right to its last place.
          const decimals = box.update!.text.split('.')[1]?.length ?? 0;
          expect(Math.abs(Number(box.update!.text.replace('−', '-')) - q[node.updateKey]!), `${shape}: ${node.updateKey}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
        }
      }
      for (const op of layout.ops.filter((o) => o.localKey)) expect(labels.locals.get(op.id)!.text, `${shape}: ${op.localKey}`).toBe(shown(q[op.localKey!]!));

      const boxes = boxRects(layout);
      for (const box of boxes) {
        expect(box.x0, `${shape}: ${box.what} inside`).toBeGreaterThanOrEqual(0);
        expect(box.x1, `${shape}: ${box.what} inside`).toBeLessThanOrEqual(layout.width);
        expect(box.y1, `${shape}: ${box.what} inside`).toBeLessThanOrEqual(layout.height);
      }
      for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlaps(a, b, 16), `${shape}: ${a.what} and ${b.what}`).toBe(false);
    }
  });

  it('writes nothing over anything else: every number and sum clear of the boxes, of each other and of the lines, inside the drawing', () => {
    for (const [shape, network] of Object.entries({ ...GRAPHS, 'one layer': SEED_NETWORK, 'three layers': DEEP })) {
      const layout = layoutGraph(network);
      const labels = graphLabels(layout, { network, ...graphValues(network) });
      const texts = textRects(layout, labels);
      const boxes = boxRects(layout);
      for (const text of texts) {
        expect(text.x0, `${shape}: ${text.what} inside`).toBeGreaterThanOrEqual(0);
        expect(text.x1, `${shape}: ${text.what} inside`).toBeLessThanOrEqual(layout.width);
        expect(text.y0, `${shape}: ${text.what} inside`).toBeGreaterThanOrEqual(0);
        expect(text.y1, `${shape}: ${text.what} inside`).toBeLessThanOrEqual(layout.height);
        for (const box of boxes) expect(overlaps(text, box, 2), `${shape}: ${text.what} over ${box.what}`).toBe(false);
        for (const edge of layout.edges) {
          for (let i = 0; i + 1 < edge.points.length; i++) {
            expect(crosses(edge.points[i]!, edge.points[i + 1]!, text), `${shape}: ${edge.from}→${edge.to} through ${text.what}`).toBe(false);
          }
        }
      }
      for (const [i, a] of texts.entries()) for (const b of texts.slice(i + 1)) expect(overlaps(a, b, 2), `${shape}: ${a.what} and ${b.what}`).toBe(false);
    }
  });

  it('draws each branch: a value to every product it feeds (down a trunk, with a dot where it branches) and a skip connection to its own +', () => {
    const skip = layoutGraph(SKIP);
    expect(edgeNames(skip)).toEqual(expect.arrayContaining(['a1→mul2', 'a1→skip', 'a2→skip', 'skip→y', 'y→loss']));
    expect(skip.ops.find((o) => o.id === 'skip')!.label).toBe('+');
    expect(skip.junctions).toHaveLength(1);
    const pair = layoutGraph(HIDDEN_PAIR);
    expect(edgeNames(pair)).toEqual(expect.arrayContaining(['x→mul1_1', 'x→mul1_2', 'a1_1→mul2_1', 'a1_2→mul2_2', 'w2_1*a1_1→add2', 'w2_2*a1_2→add2']));
    expect(pair.junctions).toHaveLength(1);
    const full = layoutGraph(TWO_TWO_ONE);
    expect(edgeNames(full)).toEqual(expect.arrayContaining(['x1→mul1_11', 'x1→mul1_21', 'x2→mul1_12', 'x2→mul1_22']));
    expect(full.junctions).toHaveLength(2);
    // Several inputs into one neuron: no value feeds two places, so no trunk, no dot and no sum.
    const three = layoutGraph(THREE_INPUTS);
    expect(three.junctions).toEqual([]);
    expect(three.merges).toEqual([]);
    expect(edgeNames(three)).toEqual(expect.arrayContaining(['w1_1*x1→add1', 'w1_2*x2→add1', 'w1_3*x3→add1']));
  });

  it('names the quantities as graphSymbol writes them: w₁,₂₁, x₂, a₁,₂; one layer drops the layer', () => {
    expect(layoutGraph(TWO_TWO_ONE).values.map((v) => v.name)).toEqual(
      expect.arrayContaining(['x1', 'x2', 'w1,21', 'w1,21·x1', 'b1,2', 'z1,2', 'a1,2', 'w2,2·a1,2', 'y', 'y_true', 'L']),
    );
    expect(layoutGraph(THREE_INPUTS).values.map((v) => v.name)).toEqual(['x1', 'x2', 'x3', 'w1', 'w1·x1', 'w2', 'w2·x2', 'w3', 'w3·x3', 'b', 'z', 'y', 'y_true', 'L']);
    const skip = layoutGraph(SKIP);
    expect(skip.values.find((v) => v.id === 'a2')!.gradientName).toBe('dL/da2');
    expect(skip.ops.find((o) => o.id === 'act2')!.localName).toBe('da2/dz2');
    expect(skip.merges[0]!.name).toBe('dL/da1');
    expect({ width: skip.width, height: skip.height }).toEqual(graphSize(SKIP));
  });
});

describe('the sum where paths meet', () => {
  it('writes dL/da₁ of a skip connection as its share through z₂ plus its share along the skip', () => {
    const layout = layoutGraph(SKIP);
    const q = evaluateGraph(SKIP);
    const labels = graphLabels(layout, { network: SKIP, ...graphValues(SKIP) });
    expect(layout.merges.map((m) => ({ id: m.id, key: m.key, shares: m.shareKeys }))).toEqual([{ id: 'a1', key: 'dL/da1', shares: ['dL/da1:z2', 'dL/da1:y'] }]);
    // 0.0656 + (−0.884): a negative share after the first in brackets, as a sum is written by hand.
    expect(labels.merges.get('a1')!.text).toBe(`${shown(q['dL/da1:z2']!)} + (${shown(q['dL/da1:y']!)})`);
    expect(labels.merges.get('a1')!.text).toBe('0.0656 + (−0.884)');
    // The box below a₁ shows the sum itself: dL/da₁ = −0.819.
    expect(labels.boxes.get('a1')!.gradient!.text).toBe('−0.819');
    expect(q['dL/da1:z2']! + q['dL/da1:y']!).toBeCloseTo(q['dL/da1']!, 12);
  });

  it('writes dL/dx where x feeds two hidden neurons, and dL/dx₁, dL/dx₂ where two inputs feed both', () => {
    for (const [graph, sums] of [
      [HIDDEN_PAIR, ['x']],
      [TWO_TWO_ONE, ['x1', 'x2']],
    ] as const) {
      const layout = layoutGraph(graph);
      const q = evaluateGraph(graph);
      const labels = graphLabels(layout, { network: graph, ...graphValues(graph) });
      expect(layout.merges.map((m) => m.id)).toEqual([...sums]);
      for (const value of sums) {
        const keys = [`dL/d${value}:z1_1`, `dL/d${value}:z1_2`];
        expect(layout.merges.find((m) => m.id === value)!.shareKeys).toEqual(keys);
        const [first, second] = keys.map((key) => shown(q[key]!));
        expect(labels.merges.get(value)!.text).toBe(`${first} + ${second!.startsWith('−') ? `(${second})` : second}`);
        expect(labels.boxes.get(value)!.gradient!.text).toBe(shown(q[`dL/d${value}`]!));
      }
    }
  });

  it('is not written before the answer is public, and shows a placeholder for a share still pending', () => {
    const layout = layoutGraph(SKIP);
    expect(graphLabels(layout, { network: SKIP }).merges.size).toBe(0);
    const values = graphValues(SKIP);
    const partial = graphLabels(layout, { network: SKIP, forward: values.forward, gradients: { 'dL/da1:y': values.gradients['dL/da1:y']! }, pending: ['dL/da1:z2'] });
    expect(partial.merges.get('a1')!.text).toBe('? + (−0.884)');
  });
});

describe('the text alternative of a graph that branches', () => {
  it('lists every value shown, and each sum with the path of each share', () => {
    for (const [shape, graph] of Object.entries(GRAPHS)) {
      const layout = layoutGraph(graph);
      const labels = graphLabels(layout, { network: graph, ...graphValues(graph) });
      const description = graphDescription(layout, labels, english);
      for (const node of layout.values) {
        const box = labels.boxes.get(node.id)!;
        if (box.value) expect(description, `${shape}: ${node.name}`).toContain(`${node.name} = ${box.value.text}`);
        if (box.gradient) expect(description, `${shape}: ${node.gradientName}`).toContain(`${node.gradientName} = ${box.gradient.text}`);
        if (box.update) expect(description, `${shape}: ${node.updateName}`).toContain(`${node.updateName} = ${box.update.text}`);
      }
      for (const op of layout.ops.filter((o) => o.localKey)) expect(description).toContain(`${op.localName} = ${labels.locals.get(op.id)!.text}`);
    }
    const skip = layoutGraph(SKIP);
    const said = graphDescription(skip, graphLabels(skip, { network: SKIP, ...graphValues(SKIP) }), english);
    expect(said).toContain('Where the paths meet, their shares add up: dL/da1 = 0.0656 through z2 + −0.884 through y');
    const pair = layoutGraph(HIDDEN_PAIR);
    expect(graphDescription(pair, graphLabels(pair, { network: HIDDEN_PAIR, ...graphValues(HIDDEN_PAIR) }), english)).toMatch(/dL\/dx = \S+ through z1,1 \+ \S+ through z1,2/);
  });

  it('shows only the public inputs while a question is open: inputs, weights, biases and y_true', () => {
    const labels = graphLabels(layoutGraph(TWO_TWO_ONE), { network: TWO_TWO_ONE });
    const filled = [...labels.boxes].flatMap(([id, box]) => (['value', 'gradient', 'update'] as const).filter((slot) => box[slot]).map((slot) => `${id}.${slot}`));
    expect(filled.sort()).toEqual(['b1_1', 'b1_2', 'b2', 't', 'w1_11', 'w1_12', 'w1_21', 'w1_22', 'w2_1', 'w2_2', 'x1', 'x2'].map((id) => `${id}.value`).sort());
    expect(labels.locals.size + labels.merges.size).toBe(0);
  });
});

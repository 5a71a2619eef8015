/**
 * The network diagram's data, without a DOM: a chain keeps its one row (and its size), a network
 * that branches draws every input, neuron, weight, bias, the skip connection and y_true, with only
 * public numbers, and nothing of it lies over anything else.
 */
import { describe, expect, it } from 'vitest';
import { type DiagramLayout, layoutDiagram, namedWidth } from '../../client/components/network-diagram/diagram-layout.ts';
import { diagramSize } from '../../client/components/network-diagram/diagram-size.ts';
import { parameterKeys } from '../../client/components/computation-graph/network-shape.ts';
import { biasKey, weightKey } from '../../shared/engine/graph.ts';
import { type GraphNetwork, type Network, SEED_NETWORK, evaluateGraph, formatNumber, generateProblem } from '../../shared/engine/index.ts';
import { type Rect, crosses, overlaps } from './layout-rects.ts';

const graphOf = (kind: 'multi-input' | 'path-sum' | 'hidden-layer', difficulty: 1 | 2 | 3, seed: number) => generateProblem({ kind, difficulty, seed }).graph!;

const GRAPHS: Record<string, GraphNetwork> = {
  'two inputs': graphOf('multi-input', 1, 3),
  'three inputs': graphOf('multi-input', 3, 3),
  skip: graphOf('path-sum', 1, 3),
  'hidden pair': graphOf('path-sum', 2, 3),
  '2-2-1': graphOf('hidden-layer', 3, 3),
};

const DEEP: Network = {
  x: 0.6,
  layers: [
    { w: -1.2, b: 0.3, activation: 'tanh' },
    { w: 0.8, b: -0.1, activation: 'sigmoid' },
  ],
  loss: 'mse',
  target: 0.3,
  lr: 0.1,
};

/** Boxes, circles and the labels written on slanted arrows, as rectangles. */
function rects(layout: DiagramLayout): Rect[] {
  return [
    ...[...layout.inputs, ...layout.boxes].map((b) => ({ what: b.key, x0: b.x - b.width / 2, x1: b.x + b.width / 2, y0: b.y - b.height / 2, y1: b.y + b.height / 2 })),
    ...layout.nodes.map((n) => ({ what: n.key, x0: n.x - n.r, x1: n.x + n.r, y0: n.y - n.r, y1: n.y + n.r })),
    ...layout.edges.flatMap((e) =>
      e.label?.named && e.label.onLine ? [{ what: `${e.key} label`, x0: e.label.x - e.label.width / 2, x1: e.label.x + e.label.width / 2, y0: e.label.y - 13, y1: e.label.y + 13 }] : [],
    ),
  ];
}

describe('the network diagram', () => {
  it('names weights and biases as the engine does (w1_21, b1_2; w1, b1 in a chain)', () => {
    const chainNeurons = [{ id: '1', inputs: ['x'], w: [0.4], b: 0.1, activation: 'sigmoid' as const }, { id: '2', inputs: ['a1'], w: [0.8], b: -0.1, activation: 'tanh' as const }];
    for (const neuron of [...Object.values(GRAPHS).flatMap((g) => g.neurons), ...chainNeurons]) {
      expect(parameterKeys(neuron)).toEqual({ weights: neuron.inputs.map((_, i) => weightKey(neuron, i)), bias: biasKey(neuron) });
    }
  });

  it('keeps a chain on one row at its old size: x, then z and y of each layer, then L', () => {
    expect(diagramSize(SEED_NETWORK, false)).toEqual({ width: 480, height: 146 });
    expect(diagramSize(DEEP, true)).toEqual({ width: 716, height: 180 });
    const layout = layoutDiagram(DEEP);
    expect(layout.nodes.map((n) => n.key)).toEqual(['z1', 'a1', 'z2', 'y', 'L']);
    expect(new Set(layout.nodes.map((n) => n.y)).size).toBe(1);
    expect(layout.description.join(', ')).toBe('x = 0.6, w1 = −1.2, b1 = 0.3, tanh, w2 = 0.8, b2 = −0.1, sigmoid, MSE, y_true = 0.3');
  });

  it('draws every input, neuron, weight and bias of a network that branches, the skip connection and y_true: only public numbers', () => {
    for (const [shape, graph] of Object.entries(GRAPHS)) {
      const layout = layoutDiagram(graph);
      expect(layout.inputs.map((i) => i.label.value), shape).toEqual(graph.x.map((x) => formatNumber(x, 6).replace('-', '−')));
      expect(layout.nodes.filter((n) => n.kind === 'neuron')).toHaveLength(graph.neurons.length);
      const weights = layout.edges.filter((e) => e.kind === 'weight');
      expect(weights, shape).toHaveLength(graph.neurons.reduce((sum, n) => sum + n.inputs.length, 0));
      expect(layout.boxes.map((b) => b.key), shape).toEqual([...graph.neurons.map((n) => `b${n.id}`), 't']);
      expect(layout.edges.some((e) => e.kind === 'skip'), shape).toBe(graph.skip !== undefined);
      // Nothing computed: no value of the forward or backward pass is written anywhere.
      const written = [
        ...layout.inputs.map((i) => i.label.value),
        ...layout.boxes.map((b) => b.label.value),
        ...weights.map((e) => e.label!.named!.value),
        ...layout.description,
      ].join(' ');
      const q = evaluateGraph(graph);
      for (const key of ['y', 'L', 'dL/dy']) expect(written, `${shape}: ${key}`).not.toContain(formatNumber(q[key]!, 3).replace('-', '−'));
      expect({ width: layout.width, height: layout.height }).toEqual(diagramSize(graph, false));
    }
  });

  it('lays nothing over anything else: boxes, circles and weights apart, no arrow through a weight but its own, all inside', () => {
    for (const [shape, network] of Object.entries({ ...GRAPHS, chain: SEED_NETWORK, deep: DEEP })) {
      const layout = layoutDiagram(network);
      const all = rects(layout);
      for (const r of all) {
        expect(r.x0, `${shape}: ${r.what} inside`).toBeGreaterThanOrEqual(0);
        expect(r.x1, `${shape}: ${r.what} inside`).toBeLessThanOrEqual(layout.width);
        expect(r.y0, `${shape}: ${r.what} inside`).toBeGreaterThanOrEqual(0);
        expect(r.y1, `${shape}: ${r.what} inside`).toBeLessThanOrEqual(layout.height);
      }
      for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(overlaps(a, b), `${shape}: ${a.what} and ${b.what}`).toBe(false);
      for (const label of all.filter((r) => r.what.endsWith(' label'))) {
        for (const edge of layout.edges) {
          if (`${edge.key} label` === label.what) continue;
          for (let i = 0; i + 1 < edge.points.length; i++) expect(crosses(edge.points[i]!, edge.points[i + 1]!, label), `${shape}: ${edge.key} through ${label.what}`).toBe(false);
        }
      }
      // An input's name and value fit inside its box.
      for (const input of layout.inputs) expect(namedWidth(input.label), `${shape}: ${input.key}`).toBeLessThan(input.width);
    }
  });
});

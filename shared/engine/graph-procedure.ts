/**
 * The worked procedure for networks that branch (graph.ts), from the same step builders as
 * the chain's: forward through every neuron, the loss, then back neuron by neuron. Where a
 * value feeds two places, each path's share is a step of its own and the value's gradient is
 * their sum, so "followed one path only" and "multiplied the paths" are mistakes the grading
 * can name. The autodiff (evaluateGraph) stays the ground truth.
 */
import { add, mul } from './approx.ts';
import {
  type GraphNetwork,
  activationKey,
  backwardOrder,
  biasKey,
  consumersOf,
  evaluateGraph,
  graphInputKeys,
  graphInputValues,
  graphShapeKey,
  inputKey,
  pathKey,
  weightKey,
} from './graph.ts';
import type { Activation } from './network.ts';
import type { QuantityContext } from './quantity-problem.ts';
import { graphSymbol } from './symbols.ts';
import {
  type Plan,
  type StepDef,
  type Symbolize,
  activationStep,
  bceOutputStep,
  biasLocalStep,
  inputLocalStep,
  localDerivativeStep,
  lossSteps,
  makePlan,
  productStep,
  updateStep,
  weightLocalStep,
  weightedSumStep,
} from './worked-procedure.ts';

export function graphLayers(graph: GraphNetwork): number {
  return Number(graph.neurons[graph.neurons.length - 1]!.id.split('_')[0]);
}

/** dL/d{value}: straight from its one consumer, or each path's share and then their sum. */
function gradientOfValue(S: Symbolize, graph: GraphNetwork, value: string): StepDef[] {
  const consumers = consumersOf(graph, value);
  // Through z: dL/dz · dz/d{value}. Along the skip into y = a_out + a_skip: dL/dy · 1.
  const share = (key: string, consumer: string): StepDef =>
    consumer === 'y'
      ? {
          key,
          deps: ['dL/dy'],
          compute: (r) => r.get('dL/dy'),
          formula: `${S('dL/dy')} \\cdot 1`,
          substitute: (n) => `${n.show('dL/dy')} \\cdot 1`,
          why: 'why.skip',
          affectedBy: [],
        }
      : productStep(S, key, `dL/d${consumer}`, `d${consumer}/d${value}`);
  const total = `dL/d${value}`;
  // No consumer: the output neuron's own activation under a skip connection (y = a_out + a_skip passes dL/dy on).
  if (consumers.length <= 1) return [share(total, consumers[0] ?? 'y')];
  const shares = consumers.map((c) => share(pathKey(value, c), c));
  const keys = shares.map((s) => s.key);
  return [
    ...shares,
    {
      key: total,
      deps: keys,
      compute: (r, m) => {
        // One path only: the one a student follows down the main chain (the first), the other forgotten.
        if (m.has('one-path-only')) return r.get(keys[0]!);
        const combine = m.has('multiplied-paths') ? mul : add;
        let sum = r.get(keys[0]!);
        for (let i = 1; i < keys.length; i++) sum = combine(sum, r.get(keys[i]!));
        return sum;
      },
      formula: keys.map((key) => S(key)).join(' + '),
      substitute: (n) => {
        let text = n.show(keys[0]!);
        for (let i = 1; i < keys.length; i++) text += ` + ${n.factor(keys[i]!)}`;
        return text;
      },
      why: 'why.paths',
      affectedBy: ['one-path-only', 'multiplied-paths'],
    },
  ];
}

export function buildGraphSteps(graph: GraphNetwork): StepDef[] {
  const layers = graphLayers(graph);
  const S = (key: string) => graphSymbol(key, layers);
  const output = graph.neurons[graph.neurons.length - 1]!;
  const steps: StepDef[] = [];

  for (const neuron of graph.neurons) {
    const z = `z${neuron.id}`;
    const pairs = neuron.inputs.map((input, i) => [weightKey(neuron, i), input] as const);
    steps.push(weightedSumStep(S, z, pairs, biasKey(neuron)));
    steps.push(activationStep(S, neuron.activation, z, activationKey(graph, neuron)));
  }
  if (graph.skip !== undefined) {
    const [own, skip] = [activationKey(graph, output), `a${graph.skip}`];
    steps.push({
      key: 'y',
      deps: [own, skip],
      compute: (r) => add(r.get(own), r.get(skip)),
      formula: `${S(own)} + ${S(skip)}`,
      substitute: (n) => `${n.show(own)} + ${n.factor(skip)}`,
      affectedBy: [],
    });
  }
  steps.push(...lossSteps(graph.loss, graph.skip === undefined ? `z${output.id}` : undefined));

  for (const neuron of backwardOrder(graph)) {
    const z = `z${neuron.id}`;
    const a = activationKey(graph, neuron);
    const isOut = neuron === output;
    if (a !== 'y') steps.push(...gradientOfValue(S, graph, a));
    const local = localDerivativeStep(S, neuron.activation, a, z, isOut && graph.skip === undefined);
    steps.push(local);
    steps.push(isOut && graph.loss === 'bce' ? bceOutputStep(S, z) : productStep(S, `dL/d${z}`, `dL/d${a}`, local.key));
    const fromBefore = neuron.inputs.filter((input) => !input.startsWith('x'));
    neuron.inputs.forEach((input, i) => {
      const w = weightKey(neuron, i);
      // With several inputs the other one is the mistake "paired the weight with the wrong input".
      const other = neuron.inputs.length > 1 ? neuron.inputs[(i + 1) % neuron.inputs.length] : undefined;
      steps.push(weightLocalStep(S, `d${z}/d${w}`, input, w, other));
      steps.push(productStep(S, `dL/d${w}`, `dL/d${z}`, `d${z}/d${w}`));
      if (!input.startsWith('x') || consumersOf(graph, input).length > 1) {
        const j = fromBefore.indexOf(input);
        const otherWeight =
          fromBefore.length > 1 ? weightKey(neuron, neuron.inputs.indexOf(fromBefore[(j + 1) % fromBefore.length]!)) : undefined;
        steps.push(inputLocalStep(S, `d${z}/d${input}`, w, otherWeight));
      }
    });
    const b = biasKey(neuron);
    steps.push(biasLocalStep(`d${z}/d${b}`), productStep(S, `dL/d${b}`, `dL/d${z}`, `d${z}/d${b}`));
  }
  for (let i = 0; i < graph.x.length; i++) {
    const x = inputKey(graph, i);
    if (consumersOf(graph, x).length > 1) steps.push(...gradientOfValue(S, graph, x));
  }
  for (const neuron of graph.neurons) {
    for (let i = 0; i < neuron.w.length; i++) steps.push(updateStep(S, weightKey(neuron, i)));
    steps.push(updateStep(S, biasKey(neuron)));
  }
  return steps;
}

const PLANS = new Map<string, Plan>();

/** The step list depends on the structure only (graphShapeKey), never on the numbers. */
export function graphPlanFor(graph: GraphNetwork): Plan {
  const shape = graphShapeKey(graph);
  let plan = PLANS.get(shape);
  if (!plan) {
    const layers = graphLayers(graph);
    const steps = buildGraphSteps(graph);
    const forwardKeys = graph.neurons.flatMap((n) => [`z${n.id}`, activationKey(graph, n)]);
    if (graph.skip !== undefined) forwardKeys.push('y');
    const activations = new Map<string, Activation>(graph.neurons.map((n) => [`d${activationKey(graph, n)}/dz${n.id}`, n.activation]));
    plan = makePlan(layers, steps, graphInputKeys(graph), (key) => graphSymbol(key, layers), forwardKeys, activations);
    PLANS.set(shape, plan);
  }
  return plan;
}

export function graphContextFor(graph: GraphNetwork): QuantityContext<GraphNetwork> {
  return { network: graph, plan: graphPlanFor(graph), quantities: evaluateGraph(graph), inputs: graphInputValues(graph) };
}

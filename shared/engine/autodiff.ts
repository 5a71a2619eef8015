/**
 * A small scalar reverse-mode autodiff in the style of micrograd.
 *
 * Nodes are appended to a tape in creation order, which is already a topological
 * order, so `gradients(output)` needs no graph sort: one reverse sweep of the tape
 * applies each node's local derivatives (the chain rule, one link at a time).
 */
export interface Node {
  readonly id: number;
  readonly value: number;
}

/** No parent. */
const NONE = -1;

export class Tape {
  // Each node has at most two parents, kept in flat arrays by node id (parent id, or NONE, and the local
  // derivative d(node)/d(parent)) rather than as an array of pairs per node: a problem builds several tapes.
  private readonly first: number[] = [];
  private readonly firstLocal: number[] = [];
  private readonly second: number[] = [];
  private readonly secondLocal: number[] = [];

  private push(value: number, first: number, firstLocal: number, second: number, secondLocal: number): Node {
    const node: Node = { id: this.first.length, value };
    this.first.push(first);
    this.firstLocal.push(firstLocal);
    this.second.push(second);
    this.secondLocal.push(secondLocal);
    return node;
  }

  leaf(value: number): Node {
    return this.push(value, NONE, 0, NONE, 0);
  }

  add(a: Node, b: Node): Node {
    return this.push(a.value + b.value, a.id, 1, b.id, 1);
  }

  sub(a: Node, b: Node): Node {
    return this.push(a.value - b.value, a.id, 1, b.id, -1);
  }

  mul(a: Node, b: Node): Node {
    return this.push(a.value * b.value, a.id, b.value, b.id, a.value);
  }

  scale(a: Node, k: number): Node {
    return this.push(a.value * k, a.id, k, NONE, 0);
  }

  square(a: Node): Node {
    return this.push(a.value * a.value, a.id, 2 * a.value, NONE, 0);
  }

  log(a: Node): Node {
    return this.push(Math.log(a.value), a.id, 1 / a.value, NONE, 0);
  }

  sigmoid(a: Node): Node {
    const s = 1 / (1 + Math.exp(-a.value));
    return this.push(s, a.id, s * (1 - s), NONE, 0);
  }

  tanh(a: Node): Node {
    const t = Math.tanh(a.value);
    return this.push(t, a.id, 1 - t * t, NONE, 0);
  }

  relu(a: Node): Node {
    return this.push(a.value > 0 ? a.value : 0, a.id, a.value > 0 ? 1 : 0, NONE, 0);
  }

  /** d(output)/d(node) for every node on the tape up to `output`, indexed by node id. */
  gradients(output: Node): number[] {
    // A plain array of doubles (cheaper to make than a typed array, for the few nodes of a tape).
    const grad: number[] = [];
    for (let i = 0; i < output.id; i++) grad.push(0);
    grad.push(1);
    const { first, firstLocal, second, secondLocal } = this;
    for (let i = output.id; i >= 0; i--) {
      const g = grad[i]!;
      if (g === 0) continue;
      const a = first[i]!;
      if (a !== NONE) grad[a]! += g * firstLocal[i]!;
      const b = second[i]!;
      if (b !== NONE) grad[b]! += g * secondLocal[i]!;
    }
    return grad;
  }
}

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
  /** Parents and the local derivative d(this)/d(parent). */
  readonly parents: readonly (readonly [Node, number])[];
}

export class Tape {
  private readonly nodes: Node[] = [];

  private push(value: number, parents: readonly (readonly [Node, number])[]): Node {
    const node: Node = { id: this.nodes.length, value, parents };
    this.nodes.push(node);
    return node;
  }

  leaf(value: number): Node {
    return this.push(value, []);
  }

  add(a: Node, b: Node): Node {
    return this.push(a.value + b.value, [[a, 1], [b, 1]]);
  }

  sub(a: Node, b: Node): Node {
    return this.push(a.value - b.value, [[a, 1], [b, -1]]);
  }

  mul(a: Node, b: Node): Node {
    return this.push(a.value * b.value, [[a, b.value], [b, a.value]]);
  }

  scale(a: Node, k: number): Node {
    return this.push(a.value * k, [[a, k]]);
  }

  square(a: Node): Node {
    return this.push(a.value * a.value, [[a, 2 * a.value]]);
  }

  log(a: Node): Node {
    return this.push(Math.log(a.value), [[a, 1 / a.value]]);
  }

  sigmoid(a: Node): Node {
    const s = 1 / (1 + Math.exp(-a.value));
    return this.push(s, [[a, s * (1 - s)]]);
  }

  tanh(a: Node): Node {
    const t = Math.tanh(a.value);
    return this.push(t, [[a, 1 - t * t]]);
  }

  relu(a: Node): Node {
    return this.push(a.value > 0 ? a.value : 0, [[a, a.value > 0 ? 1 : 0]]);
  }

  /** d(output)/d(node) for every node on the tape up to `output`, indexed by node id. */
  gradients(output: Node): Float64Array {
    const grad = new Float64Array(output.id + 1);
    grad[output.id] = 1;
    for (let i = output.id; i >= 0; i--) {
      const g = grad[i]!;
      if (g === 0) continue;
      const parents = this.nodes[i]!.parents;
      for (let j = 0; j < parents.length; j++) grad[parents[j]![0].id]! += g * parents[j]![1];
    }
    return grad;
  }
}

/**
 * Rectangles and segments for the drawings' no-DOM tests (computation graph, network diagram):
 * whether two things drawn overlap, and whether a line passes through something written.
 */

export interface Rect {
  what: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Whether two rectangles come closer than `gap`. */
export function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;
}

/** Whether the segment from p to q passes through the rectangle (Liang–Barsky clipping; a touch on its edge does not count). */
export function crosses([px, py]: readonly [number, number], [qx, qy]: readonly [number, number], r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = qx - px;
  const dy = qy - py;
  for (const [p, q] of [
    [-dx, px - r.x0],
    [dx, r.x1 - px],
    [-dy, py - r.y0],
    [dy, r.y1 - py],
  ] as const) {
    if (p === 0) {
      if (q <= 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

/**
 * A team's marker: its colour and, for readers who cannot tell the colours apart, its own
 * shape (circle, square, triangle, diamond, …) in every Descent chart and legend.
 */
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'hexagon'] as const;
type Shape = (typeof SHAPES)[number];

export function shapeOf(index: number): Shape {
  return SHAPES[index % SHAPES.length]!;
}

function path(shape: Shape, r: number): string {
  switch (shape) {
    case 'circle':
      return `M ${-r} 0 a ${r} ${r} 0 1 0 ${2 * r} 0 a ${r} ${r} 0 1 0 ${-2 * r} 0 Z`;
    case 'square': {
      const s = r * 0.9;
      return `M ${-s} ${-s} H ${s} V ${s} H ${-s} Z`;
    }
    case 'triangle':
      return `M 0 ${-r * 1.15} L ${r * 1.1} ${r * 0.8} L ${-r * 1.1} ${r * 0.8} Z`;
    case 'triangle-down':
      return `M 0 ${r * 1.15} L ${r * 1.1} ${-r * 0.8} L ${-r * 1.1} ${-r * 0.8} Z`;
    case 'diamond':
      return `M 0 ${-r * 1.25} L ${r * 1.25} 0 L 0 ${r * 1.25} L ${-r * 1.25} 0 Z`;
    case 'hexagon': {
      const points = Array.from({ length: 6 }, (_, i) => {
        const a = (Math.PI / 3) * i;
        return `${(r * 1.1 * Math.cos(a)).toFixed(2)} ${(r * 1.1 * Math.sin(a)).toFixed(2)}`;
      });
      return `M ${points.join(' L ')} Z`;
    }
  }
}

/** The marker centred on (0, 0) in SVG user units; place it with a transform. */
export function MarkerShape({ index, colour, r, outline = 'var(--surface)' }: { index: number; colour: string; r: number; outline?: string }) {
  return <path d={path(shapeOf(index), r)} style={{ fill: colour, stroke: outline, strokeWidth: Math.max(1, r / 4) }} />;
}

/** The marker as a small inline picture beside a team's name (decorative: the name says it). */
export function MarkerSwatch({ index, colour }: { index: number; colour: string }) {
  return (
    <svg class="descent-swatch" viewBox="-8 -8 16 16" aria-hidden="true" focusable="false">
      <MarkerShape index={index} colour={colour} r={6} outline="currentColor" />
    </svg>
  );
}

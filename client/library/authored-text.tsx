import { MathTex, splitMath } from '../components/math/index.tsx';

/** A teacher's text with inline `$…$` math, as the phone will show it. */
export function AuthoredText({ text }: { text: string }) {
  return <>{splitMath(text).map((segment, i) => (segment.math ? <MathTex key={i} tex={segment.value} /> : segment.value))}</>;
}

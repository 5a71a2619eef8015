import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Lang, Text } from '../../../shared/engine/index.ts';
// Only the templates: the phone's game screen must not pull in the rest of the engine.
import { isTextKey, renderText } from '../../../shared/engine/text.ts';
import { useI18n } from '../../app-context.ts';
import { type Katex, loadKatex, loadedKatex } from './load-katex.ts';
// The phone loads only this module of the engine, not the whole engine.
import { texToPlain } from '../../../shared/engine/plain-text.ts';

function useKatex(): Katex | null {
  const [katex, setKatex] = useState(loadedKatex);
  useEffect(() => {
    if (katex) return;
    let live = true;
    loadKatex().then(
      (k) => live && setKatex(() => k),
      () => {
        // Offline before KaTeX was ever stored: the plain-text version stays.
      },
    );
    return () => {
      live = false;
    };
  }, [katex]);
  return katex;
}

export interface MathTexProps {
  /** LaTeX source, as produced by the engine (no surrounding $). */
  tex: string;
  /** Display (block) mode; inline math wraps after = and ≈ on a narrow phone. */
  display?: boolean;
  class?: string;
}

/** LaTeX rendered by KaTeX once it has loaded; a readable plain-text version until then. */
export function MathTex({ tex, display = false, class: className }: MathTexProps) {
  const katex = useKatex();
  const html = useMemo(
    () => (katex ? katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' }) : null),
    [katex, tex, display],
  );
  const classes = ['math', display ? 'math--display' : '', className ?? ''].filter(Boolean).join(' ');
  if (html === null) return <span class={`${classes} math--plain`}>{texToPlain(tex)}</span>;
  return <span class={classes} dangerouslySetInnerHTML={{ __html: html }} />;
}

export { MathTex as Math };

/** Splits a rendered template into prose and `$…$` math segments. */
export function splitMath(text: string): { math: boolean; value: string }[] {
  return text
    .split(/\$([^$]*)\$/)
    .map((value, i) => ({ math: i % 2 === 1, value }))
    .filter((segment) => segment.value !== '');
}

export interface RichTextProps {
  text: Text;
  /** Defaults to the UI language. */
  lang?: Lang;
}

/** An engine text (template key + parameters) in the UI language, its `$…$` parts as math. */
export function RichText({ text, lang }: RichTextProps) {
  const i18n = useI18n();
  const language = lang ?? i18n.lang.value;
  // A key from a newer server than this client: show the key rather than crash the screen.
  const rendered = isTextKey(text.key) ? renderText(text, language) : text.key;
  return (
    <>
      {splitMath(rendered).map((segment, i) => (segment.math ? <MathTex key={i} tex={segment.value} /> : segment.value))}
    </>
  );
}

import { useState } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import { type ComputationGraphProps, LazyComputationGraph } from './lazy.tsx';

/**
 * "Show the computation graph", closed at first: on a phone the graph is wider than the
 * screen and the worked solution above it already explains. Its code is fetched on opening.
 */
export function GraphDisclosure({ class: className = '', ...props }: ComputationGraphProps & { class?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details class={`graph-disclosure ${className}`} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary class="graph-disclosure__summary">{t('graph.show')}</summary>
      {open && <LazyComputationGraph {...props} />}
    </details>
  );
}

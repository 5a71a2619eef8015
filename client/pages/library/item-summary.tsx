import type { SetItem } from '../../../shared/question-sets/schema.ts';
import { useI18n } from '../../app-context.ts';
import { AuthoredText } from '../../library/authored-text.tsx';

/** One item of a set read-only: its type, what it asks, and its own time and points where set. */
export function ItemSummary({ item }: { item: SetItem }) {
  const { t } = useI18n();
  const settings: string[] = [];
  if (item.timeLimitSec === null) settings.push(t('library.item.untimed'));
  else if (item.timeLimitSec !== undefined) settings.push(t('library.item.time', { n: item.timeLimitSec }));
  if (item.points !== 1) settings.push(t('library.item.points', { n: item.points }));
  let asks;
  switch (item.type) {
    case 'generated':
      asks = [t('library.item.generated', { kind: t(`kind.${item.kind}`), difficulty: t(`difficulty.${item.difficulty}`) }), item.seed !== undefined ? t('library.item.pinned') : null]
        .filter(Boolean)
        .join(' · ');
      break;
    case 'numeric': {
      const layers = item.network.layers.length;
      const text = t(layers === 1 ? 'library.item.numeric.one' : 'library.item.numeric', { layers, asks: item.asks.join(', ') });
      asks = item.variants ? `${text} · ${t('library.item.variants')}` : text;
      break;
    }
    case 'choice':
      asks = <AuthoredText text={item.question} />;
      break;
  }
  return (
    <span class="set-item">
      <span class="set-item__type">{t(`library.type.${item.type}`)}</span>
      <span class="set-item__asks">{asks}</span>
      {settings.length > 0 && <span class="set-item__settings muted">{settings.join(' · ')}</span>}
    </span>
  );
}

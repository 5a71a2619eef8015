import './descent-common.css';
import { useI18n } from '../../../app-context.ts';

export const STORY_STEPS = ['guess', 'measure', 'adjust', 'repeat'] as const;
export type StoryStep = (typeof STORY_STEPS)[number];

/** "初始猜测 → 计算误差 → 调整参数 → 反复练习", with the step the game is at highlighted. */
export function StoryStrip({ active }: { active: StoryStep | null }) {
  const { t } = useI18n();
  return (
    <ol class="descent-story" aria-label={t('descent.story.label')}>
      {STORY_STEPS.map((step) => (
        <li key={step} class={step === active ? 'descent-story__step descent-story__step--active' : 'descent-story__step'} aria-current={step === active ? 'step' : undefined}>
          {t(`descent.story.${step}`)}
        </li>
      ))}
    </ol>
  );
}

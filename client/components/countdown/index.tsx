import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import './countdown.css';

export interface CountdownProps {
  /** Milliseconds left, ticking; `null`: untimed. */
  remainingMs: number | null;
  limitMs: number | null;
  paused: boolean;
  size?: 'large' | 'small';
}

/** Seconds left at which a screen reader hears the time (not every second: that would drown the question). */
const MILESTONES = [60, 30, 10, 5];

/** The milestone just reached, or 0 at the end; `null` above every milestone. */
function milestoneOf(seconds: number): number | null {
  if (seconds <= 0) return 0;
  let reached: number | null = null;
  for (const m of MILESTONES) if (seconds <= m) reached = m;
  return reached;
}

/**
 * The time left as big digits and a shrinking bar (the bar is a second signal, the digits the
 * first). The digits are a `timer` (not announced); a separate polite region speaks at 60, 30,
 * 10 and 5 seconds, at the end, and on pause and resume.
 */
export function Countdown({ remainingMs, limitMs, paused, size = 'large' }: CountdownProps) {
  const { t } = useI18n();
  const seconds = remainingMs === null ? null : Math.ceil(remainingMs / 1000);
  const [announcement, setAnnouncement] = useState('');
  const lastMilestone = useRef<number | null>(seconds === null ? null : milestoneOf(seconds));
  const wasPaused = useRef(paused);

  useEffect(() => {
    if (paused !== wasPaused.current) {
      wasPaused.current = paused;
      setAnnouncement(paused ? t('countdown.paused') : seconds === null ? t('countdown.resumed') : t('countdown.resumedLeft', { seconds }));
      return;
    }
    if (seconds === null || paused) return;
    const milestone = milestoneOf(seconds);
    if (milestone !== null && milestone !== lastMilestone.current && (lastMilestone.current === null || milestone < lastMilestone.current)) {
      setAnnouncement(milestone === 0 ? t('countdown.over') : t('countdown.left', { seconds: milestone }));
    }
    lastMilestone.current = milestone;
  }, [seconds, paused]);

  const fraction = remainingMs !== null && limitMs ? Math.max(0, Math.min(1, remainingMs / limitMs)) : 1;
  const urgent = seconds !== null && seconds <= 10 && !paused;
  const label = paused ? t('countdown.paused') : seconds === null ? t('countdown.untimed') : t('countdown.label', { seconds });

  return (
    <div class={`countdown countdown--${size}${urgent ? ' countdown--urgent' : ''}${paused ? ' countdown--paused' : ''}`}>
      <div class="countdown__value" role="timer" aria-label={label}>
        {paused ? (
          <svg class="countdown__pause" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <rect x="6" y="4.5" width="4" height="15" rx="1" />
            <rect x="14" y="4.5" width="4" height="15" rx="1" />
          </svg>
        ) : null}
        <span class="countdown__digits" aria-hidden="true">
          {seconds === null ? '∞' : seconds}
        </span>
        <span class="countdown__unit" aria-hidden="true">
          {paused ? t('countdown.pausedShort') : seconds === null ? t('countdown.untimedShort') : t('countdown.unit')}
        </span>
      </div>
      {seconds !== null && (
        <div class="countdown__track" aria-hidden="true">
          <div class="countdown__fill" style={{ transform: `scaleX(${fraction})` }} />
        </div>
      )}
      <p class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </div>
  );
}

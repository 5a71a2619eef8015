import { useId } from 'preact/hooks';
import type { NicknameSource } from '../../../shared/protocol/index.ts';
import { NICKNAME_SOURCES } from '../../../shared/protocol/constants.ts';
import { useI18n } from '../../app-context.ts';

/** Set-up: whether students type their names or the room gives each one (against rude names). */
export function NicknameOption({ value, onChange }: { value: NicknameSource; onChange: (value: NicknameSource) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset class="setup__group" aria-describedby={`${id}-hint`} data-testid="setup-nicknames">
      <legend>{t('setup.nicknames')}</legend>
      {NICKNAME_SOURCES.map((source) => (
        <label key={source} class="check">
          <input type="radio" name={`${id}-nicknames`} value={source} checked={value === source} onChange={() => onChange(source)} />
          <span>{t(`setup.nicknames.${source}`)}</span>
        </label>
      ))}
      <p class="field__hint" id={`${id}-hint`}>
        {t('setup.nicknames.hint')}
      </p>
    </fieldset>
  );
}

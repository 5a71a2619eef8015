import { useI18n } from '../../app-context.ts';
import { LANG_NAMES, UI_LANGS } from '../../i18n/index.ts';
import './language-switch.css';

/** 中文 | English, each written in its own language so either reader can find theirs. */
export function LanguageSwitch() {
  const i18n = useI18n();
  const current = i18n.lang.value;
  return (
    <div class="language-switch" role="group" aria-label={i18n.t('lang.label')}>
      {UI_LANGS.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          class="language-switch__option"
          aria-pressed={lang === current}
          onClick={() => i18n.setLang(lang)}
        >
          {LANG_NAMES[lang]}
        </button>
      ))}
    </div>
  );
}

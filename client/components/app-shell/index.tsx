import type { ComponentChildren } from 'preact';
import { useI18n } from '../../app-context.ts';
import { LanguageSwitch } from '../language-switch/index.tsx';
import './app-shell.css';

/** Skip link, header (name, language switch), the page, in the same frame on every screen. */
export function AppShell({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <>
      <a class="app-shell__skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="app-shell__header">
        <a class="app-shell__brand" href="/">
          <svg class="app-shell__logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <circle cx="7" cy="16" r="4.5" />
            <circle cx="25" cy="8" r="4.5" />
            <circle cx="25" cy="24" r="4.5" />
            <path d="M11 14.2 20.6 9.6M11 17.8l9.6 4.6" />
          </svg>
          <span>{t('app.name')}</span>
        </a>
        <LanguageSwitch />
      </header>
      <main id="main" class="app-shell__main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

import { render } from 'preact';
import { AppContext, type AppServices } from './app-context.ts';
import { AppShell } from './components/app-shell/index.tsx';
import { createI18n } from './i18n/index.ts';
import { createRouter } from './router.ts';
import { Routes } from './routes.tsx';
import { deviceStorage } from './device-storage.ts';
import './styles/base.css';

const services: AppServices = {
  i18n: createI18n({
    storage: deviceStorage(),
    languages: navigator.languages?.length ? navigator.languages : [navigator.language],
    root: document.documentElement,
  }),
  router: createRouter(window),
};

render(
  <AppContext.Provider value={services}>
    <AppShell>
      <Routes />
    </AppShell>
  </AppContext.Provider>,
  document.getElementById('app')!,
);

// Production only: in development the worker would serve stale modules over hot reload.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Without a worker the app still runs; it just cannot open offline.
    });
  });
}

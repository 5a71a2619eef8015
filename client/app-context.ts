/** The app-wide stores, created once in main.tsx and handed down through context. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { I18n } from './i18n/index.ts';
import type { Router } from './router.ts';

export interface AppServices {
  i18n: I18n;
  router: Router;
}

export const AppContext = createContext<AppServices | null>(null);

function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('AppContext is missing: render inside <AppContext.Provider>');
  return services;
}

export const useI18n = (): I18n => useServices().i18n;
export const useRouter = (): Router => useServices().router;

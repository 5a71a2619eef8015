/**
 * Every route of the client, in one table. Pages other than home are lazy-loaded, so a
 * phone opening /join/CODE downloads only the shell and the home page.
 */
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n, useRouter } from './app-context.ts';
import { lazyModule, useLazyModule } from './lazy-module.ts';
import type { MessagePart } from './i18n/index.ts';
import HomePage from './pages/home/index.tsx';
import NotFoundPage from './pages/not-found/index.tsx';

export interface PageProps {
  /** Values of the route's `:name` segments, already decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
}

type PageComponent = ComponentType<PageProps>;
type PageModule = { default: PageComponent };

interface Route {
  pattern: string;
  page: PageComponent;
}

export const ROUTES: readonly Route[] = [
  { pattern: '/', page: HomePage },
  // A link or QR code to /join/CODE opens the home page with the code filled in.
  { pattern: '/join/:code', page: HomePage },
  { pattern: '/practice', page: lazyPage(() => import('./pages/practice/index.tsx'), ['problem', 'practice']) },
  // The live game: the teacher's projector (set-up, then one room) and a phone in a room.
  { pattern: '/host', page: lazyPage(() => import('./pages/host/index.tsx'), ['problem', 'game', 'host']) },
  { pattern: '/host/:code', page: lazyPage(() => import('./pages/host/index.tsx'), ['problem', 'game', 'host']) },
  // The question-set editor; /library/new makes a new set on its first save.
  { pattern: '/library/:id', page: lazyPage(() => import('./pages/editor/index.tsx'), ['problem', 'library', 'editor']) },
  { pattern: '/play/:code', page: lazyPage(() => import('./pages/play/index.tsx'), ['problem', 'game']) },
  { pattern: '/library', page: lazyPage(() => import('./pages/library/index.tsx'), ['problem', 'library']) },
  { pattern: '/shared/:token', page: lazyPage(() => import('./pages/library/shared.tsx'), ['problem', 'library']) },
  // Contests across rooms: the organizer's pages, and the public board for a big screen.
  { pattern: '/contests', page: lazyPage(() => import('./pages/contests/index.tsx'), ['problem', 'game', 'library', 'contest']) },
  { pattern: '/contests/:code', page: lazyPage(() => import('./pages/contests/index.tsx'), ['problem', 'game', 'library', 'contest']) },
  { pattern: '/contest/:code', page: lazyPage(() => import('./pages/contest-board/index.tsx'), ['game', 'contest']) },
  // Homework: a student's phone, and the teacher's assignment pages.
  { pattern: '/hw/:code', page: lazyPage(() => import('./pages/homework/index.tsx'), ['problem', 'game', 'homework']) },
  { pattern: '/assignments', page: lazyPage(() => import('./pages/assignments/index.tsx'), ['problem', 'game', 'host', 'library', 'homework']) },
  { pattern: '/assignments/:code', page: lazyPage(() => import('./pages/assignments/index.tsx'), ['problem', 'game', 'host', 'library', 'homework']) },
];

/** Matches `/join/:code` against `/join/AB12`; a trailing slash is ignored. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    const actual = have[i]!;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) {
      return null;
    }
  }
  return params;
}

/** Shown only when loading takes long enough to notice, so fast loads do not flash. */
const LOADING_DELAY_MS = 300;

function LoadingPage() {
  const { t } = useI18n();
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setVisible(true), LOADING_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <p class="route-status" role="status">
      {visible ? t('app.loading') : ''}
    </p>
  );
}

function LoadFailedPage() {
  const { t } = useI18n();
  return (
    <div class="route-status" role="alert">
      <p>{t('app.loadFailed')}</p>
      {/* A failed dynamic import is remembered by the browser: only a reload retries it. */}
      <button type="button" class="button button--primary" onClick={() => location.reload()}>
        {t('app.retry')}
      </button>
    </div>
  );
}

/**
 * A page whose code is fetched the first time the route is visited, together with its own
 * strings (`parts`) in the language on screen.
 */
export function lazyPage(load: () => Promise<PageModule>, parts: readonly MessagePart[] = []): PageComponent {
  const code = lazyModule(load);
  return function LazyPage(props: PageProps) {
    const i18n = useI18n();
    const stringsReady = i18n.ready(parts);
    const [failed, setFailed] = useState(false);
    const module = useLazyModule(code, null, () => setFailed(true));
    useEffect(() => {
      if (stringsReady) return;
      let live = true;
      i18n.load(parts).catch(() => live && setFailed(true));
      return () => {
        live = false;
      };
    }, [stringsReady]);
    if (failed) return <LoadFailedPage />;
    const Page = module?.default;
    return Page && stringsReady ? <Page {...props} /> : <LoadingPage />;
  };
}

export function Routes() {
  const router = useRouter();
  const path = router.path.value;
  const query = router.query.value;
  const previousPath = useRef(path);

  // After a client-side navigation, start reading (and tabbing) at the new page.
  useEffect(() => {
    if (previousPath.current === path) return;
    previousPath.current = path;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);

  for (const route of ROUTES) {
    const params = matchRoute(route.pattern, path);
    if (params) {
      const Page = route.page;
      // Keyed by pattern: moving between two routes never reuses one page's state for another.
      return <Page key={route.pattern} params={params} query={query} />;
    }
  }
  return <NotFoundPage params={{}} query={query} />;
}

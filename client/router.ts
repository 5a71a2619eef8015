/**
 * A small history-API router: the current location as signals, `navigate()`, and
 * same-origin <a> clicks handled without a page load. The route table lives in routes.tsx.
 */
import { type ReadonlySignal, computed, signal } from '@preact/signals';

export interface Router {
  readonly path: ReadonlySignal<string>;
  readonly query: ReadonlySignal<URLSearchParams>;
  navigate(to: string, options?: { replace?: boolean }): void;
  dispose(): void;
}

function isPlainLeftClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.defaultPrevented && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function createRouter(win: Window = window): Router {
  const href = signal(win.location.href);
  const url = computed(() => new URL(href.value));
  const path = computed(() => url.value.pathname);
  const query = computed(() => url.value.searchParams);

  const navigate = (to: string, { replace = false } = {}) => {
    const next = new URL(to, win.location.href);
    if (next.origin !== win.location.origin) {
      win.location.assign(next.href);
      return;
    }
    if (next.href === win.location.href) return;
    const samePage = next.pathname === win.location.pathname;
    if (replace) win.history.replaceState(null, '', next.href);
    else win.history.pushState(null, '', next.href);
    href.value = next.href;
    if (!samePage) win.scrollTo(0, 0);
  };

  const onPopState = () => {
    href.value = win.location.href;
  };
  const onClick = (event: MouseEvent) => {
    if (!isPlainLeftClick(event)) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.getAttribute('rel') === 'external') return;
    const next = new URL(anchor.href, win.location.href);
    if (next.origin !== win.location.origin) return;
    event.preventDefault();
    navigate(next.href);
  };

  win.addEventListener('popstate', onPopState);
  win.document.addEventListener('click', onClick);
  return {
    path,
    query,
    navigate,
    dispose() {
      win.removeEventListener('popstate', onPopState);
      win.document.removeEventListener('click', onClick);
    },
  };
}

import { mount, type Component } from 'svelte';
import { takeTokenFromAddress } from './lib/auth/viewer-token';
import { takeSignInTokenFromAddress } from './lib/session/address-token';
import './app.css';

/**
 * One page app, one page per audience. Each page is its own chunk, so /report does not download
 * the wall's map and live feed.
 */
const PAGES: Record<string, () => Promise<{ default: Component }>> = {
  '/': () => import('./routes/home/HomePage.svelte'),
  '/wall': () => import('./routes/wall/WallPage.svelte'),
  '/report': () => import('./routes/report/ReportPage.svelte'),
  '/ops': () => import('./routes/ops/OpsPage.svelte'),
  '/offer': () => import('./routes/offer/OfferPage.svelte'),
  // `/ops/entity/<kind>/<id>`: the page reads kind and id from the address itself.
  '/ops/entity': () => import('./routes/entity/EntityPage.svelte'),
};

const path = window.location.pathname.replace(/\/+$/, '') || '/';
const page = /^\/ops\/entity\/[^/]+\/[^/]+$/.test(path) ? '/ops/entity' : path in PAGES ? path : '/';

// The console and /offer sign in with a session cookie; their `?token=` must never reach localStorage as the wall's does.
if (page.startsWith('/ops') || page === '/offer') takeSignInTokenFromAddress();
else takeTokenFromAddress();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

document.body.dataset.page = page === '/' ? 'home' : page.slice(1).replace('/', '-');
PAGES[page]!().then(
  ({ default: Page }) => mount(Page, { target }),
  (err: unknown) => {
    console.error(err);
    target.textContent = 'SitRoom could not load. Check your connection and reload the page.';
  },
);

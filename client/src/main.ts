import { mount, type Component } from 'svelte';
import { takeTokenFromAddress } from './lib/auth/viewer-token';
import './app.css';

takeTokenFromAddress();

/**
 * One page app, one page per audience. Each page is its own chunk, so /report does not download
 * the wall's map and live feed.
 */
const PAGES: Record<string, () => Promise<{ default: Component }>> = {
  '/': () => import('./routes/home/HomePage.svelte'),
  '/wall': () => import('./routes/wall/WallPage.svelte'),
  '/report': () => import('./routes/report/ReportPage.svelte'),
};

const path = window.location.pathname.replace(/\/+$/, '') || '/';
const page = path in PAGES ? path : '/';
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

document.body.dataset.page = page === '/' ? 'home' : page.slice(1);
PAGES[page]!().then(
  ({ default: Page }) => mount(Page, { target }),
  (err: unknown) => {
    console.error(err);
    target.textContent = 'SitRoom could not load. Check your connection and reload the page.';
  },
);

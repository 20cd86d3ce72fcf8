/**
 * The console's first script, small and apart from the rest: it sends the first page's requests while React, antd
 * and the page's code are still loading (see first-page.ts).
 */
import { prefetchFirstPage } from './first-page';

void prefetchFirstPage(window.location.pathname);

/**
 * The server writes a fresh CSP nonce into `<meta name="csp-nonce">` on every page load; styles injected at run
 * time must carry it (style-src 'self' 'nonce-…'). Missing in `vite` dev, where no CSP applies.
 */
export const cspNonce: string | undefined =
  document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;

/**
 * antd passes the nonce to its own style sheets (ConfigProvider `csp`), but two helpers underneath create
 * `<style>` elements without it — the scrollbar measure of every Table and the scroll lock behind dialogs — and
 * the browser blocks those. Stamping the nonce on each style element this page's scripts create lets them through;
 * styles smuggled in as HTML markup are still refused, and a script able to call this could read the meta tag anyway.
 */
export function stampNonceOnCreatedStyles(nonce: string | undefined): void {
  if (!nonce) return;
  const createElement = document.createElement.bind(document);
  document.createElement = ((tagName: string, options?: ElementCreationOptions) => {
    const element = createElement(tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  }) as typeof document.createElement;
}

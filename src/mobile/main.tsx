import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './app';
import { rememberLanguage, storedLanguage } from './i18n';
import './field.css';

/**
 * antd-mobile draws its toasts and dialogs into containers of their own with React 18's legacy calls, which React 19
 * no longer has (unmounting a toast threw): it is given React 19's roots instead.
 */
unstableSetRender((node, container) => {
  const holder = container as Element & { fieldRoot?: Root };
  holder.fieldRoot ??= createRoot(container);
  const root = holder.fieldRoot;
  root.render(node);
  return async () => {
    await Promise.resolve();
    root.unmount();
    delete holder.fieldRoot;
  };
});

/** The field app (/m/): a phone-first page of its own, installable, that opens and records with no network. */
rememberLanguage(storedLanguage());
createRoot(document.getElementById('root')!).render(<App />);

if ('serviceWorker' in navigator) {
  // The app shell is cached by the worker; a phone that cannot register one (old, private mode) still works online.
  void navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => undefined);
}

import { createRoot } from 'react-dom/client';
import { App } from './app';
import { rememberLanguage, storedLanguage } from './i18n';
import './field.css';

/** The field app (/m/): a phone-first page of its own, installable, that opens and records with no network. */
rememberLanguage(storedLanguage());
createRoot(document.getElementById('root')!).render(<App />);

if ('serviceWorker' in navigator) {
  // The app shell is cached by the worker; a phone that cannot register one (old, private mode) still works online.
  void navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => undefined);
}

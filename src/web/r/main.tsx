import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './app';
import { rememberLanguage, storedLanguage } from './i18n';
import './resident.css';

// antd-mobile's toasts and dialogs render with React 18's legacy calls; give them React 19 roots (as the field app does).
unstableSetRender((node, container) => {
  const holder = container as Element & { residentRoot?: Root };
  holder.residentRoot ??= createRoot(container);
  const root = holder.residentRoot;
  root.render(node);
  return async () => {
    await Promise.resolve();
    root.unmount();
    delete holder.residentRoot;
  };
});

/** The residents' page (/r/): sign in with a text-message code, report a problem, follow and rate it. */
rememberLanguage(storedLanguage());
createRoot(document.getElementById('root')!).render(<App />);

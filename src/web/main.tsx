/** antd's styles as one prebuilt file (zero-runtime mode, see app.tsx), before ours so ours win. */
import 'antd/dist/antd.css';
import './styles.css';
import { languageReady } from './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { cspNonce, stampNonceOnCreatedStyles } from './csp-nonce';

stampNonceOnCreatedStyles(cspNonce);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
void languageReady.then(() =>
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

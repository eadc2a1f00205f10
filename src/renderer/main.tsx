// Renderer entry: translation layer, the engine client from the host's transport, the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { getEngine } from './transport';
import { WorkbenchProvider } from './state/store';
import { WorkspaceProvider } from './state/workspace';
import { App } from './App';
import './styles/app.css';

initI18n();

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <WorkbenchProvider engine={getEngine()}>
      <WorkspaceProvider>
        <App />
      </WorkspaceProvider>
    </WorkbenchProvider>
  </StrictMode>,
);

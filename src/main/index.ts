// Electron main process: one window, the application menu, native dialogs, file access
// (read-only for sources) and the engine host. The renderer is sandboxed and context-isolated;
// it reaches the engine only through the preload's `window.kpiw`, and every message it sends is
// validated here (src/main/ipc.ts → src/shared/schemas.ts).
import {
  BrowserWindow, Menu, app, dialog, ipcMain, net, protocol, screen, session,
  type IpcMainEvent, type IpcMainInvokeEvent, type WebContents,
} from 'electron';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EngineEvent, WorkbenchApi } from '../shared/api';
import type { HostCommand, Theme } from '../shared/bridge';
import { IMPORTABLE_EXTENSIONS, chosenPathsSchema } from '../shared/schemas';
import { readSourceFile } from '../engine/host/files';
import { startEngine, withHostApi, type HostedEngine } from '../engine/host/hostedEngine';
import { createMainIpc, type MainIpc } from './ipc';
import { AUTOSAVE_INTERVAL_MS, Autosave } from './autosave';
import { createDesktopActions, type DesktopActions } from './desktopActions';
import { buildMenuTemplate } from './menu';
import { SessionPaths } from './sessionPaths';
import { addRecent, loadSettings, saveSettings, type Settings } from './settings';
import { fitToDisplays, loadWindowState, saveWindowState, stateFromWindow, MIN_WINDOW_SIZE } from './windowState';
import { APP_CSP, isAppUrl, resolveAppAsset } from './appProtocol';

const APP_NAME = 'KPI Workbench';
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
const sampleDir = app.isPackaged ? path.join(process.resourcesPath, 'sample') : path.join(app.getAppPath(), 'resources/sample');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let settings: Settings;
let settingsFile = '';
let mainWindow: BrowserWindow | null = null;
let engine: HostedEngine | null = null;
let api: WorkbenchApi | null = null;
let ipc: MainIpc | null = null;
let desktop: DesktopActions | null = null;
let autosave: Autosave | null = null;
let autosaveTimer: NodeJS.Timeout | undefined;
/** Files given on the command line (or by a second instance) before the window was ready. */
let pendingPaths: string[] = filesFromArgv(process.argv);
/** Files the user chose in this session: the only ones the renderer may have read. */
const sessionPaths = new SessionPaths();

function filesFromArgv(argv: string[]): string[] {
  return argv.slice(app.isPackaged ? 1 : 2)
    .filter((a) => !a.startsWith('-'))
    .map((a) => path.resolve(a))
    .filter((a) => a.endsWith('.kpiw') || IMPORTABLE_EXTENSIONS.some((ext) => a.toLowerCase().endsWith(ext)));
}

function send(channel: 'kpiw:event' | 'kpiw:command', payload: EngineEvent | HostCommand): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
}
const sendCommand = (command: HostCommand) => send('kpiw:command', command);

/** Only our own page may talk to the engine (not a frame or page navigated elsewhere). */
function fromOurPage(event: IpcMainInvokeEvent | IpcMainEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return event.sender === mainWindow?.webContents && (isAppUrl(url) || (!!devServerUrl && url.startsWith(devServerUrl)));
}

function registerIpc(): void {
  ipcMain.handle('kpiw:call', (event, message: unknown) => {
    if (!fromOurPage(event) || !ipc) return { kind: 'result', id: '', ok: false, error: { message: 'refused: unknown sender', code: 'forbidden' } };
    return ipc.call(message);
  });
  ipcMain.handle('kpiw:openPaths', (event, message: unknown) => {
    if (!fromOurPage(event) || !ipc) return { kind: 'result', id: '', ok: false, error: { message: 'refused: unknown sender', code: 'forbidden' } };
    return ipc.openPaths(message);
  });
  ipcMain.handle('kpiw:desktop', (event, request: unknown) => {
    if (!fromOurPage(event) || !desktop) return { ok: false, error: { message: 'refused: unknown sender', code: 'forbidden' } };
    return desktop.handle(request);
  });
  // The preload reports files the user dropped or picked in a file input (trusted events only).
  ipcMain.on('kpiw:chosen', (event, paths: unknown) => {
    if (!fromOurPage(event)) return;
    const parsed = chosenPathsSchema.safeParse(paths);
    if (parsed.success) sessionPaths.add(parsed.data);
  });
  ipcMain.on('kpiw:cancel', (event, id: unknown) => {
    if (fromOurPage(event)) ipc?.cancel(id);
  });
}

async function startWorkspaceEngine(): Promise<void> {
  engine = await startEngine();
  api = withHostApi(engine, sampleDir);
  ipc = createMainIpc({
    api,
    emit: (event) => send('kpiw:event', event),
    readSource: readSourceFile,
    onImported: (paths) => void rememberRecent(paths),
    isChosen: (p) => sessionPaths.has(p),
  });
  autosave = new Autosave(app.getPath('userData'));
  await autosave.begin();
  const hostedApi = api;
  desktop = createDesktopActions({
    api: hostedApi,
    autosave,
    dialogs: {
      async saveFile(options) {
        if (!mainWindow) return null;
        const r = await dialog.showSaveDialog(mainWindow, options);
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      async confirm(options) {
        if (!mainWindow) return false;
        const r = await dialog.showMessageBox(mainWindow, {
          type: 'warning', title: options.title, message: options.message, detail: options.detail,
          buttons: [options.confirmLabel, 'Cancel'], defaultId: 1, cancelId: 1, noLink: true,
        });
        return r.response === 0;
      },
      async openFile(options) {
        if (!mainWindow) return null;
        const r = await dialog.showOpenDialog(mainWindow, { ...options, properties: ['openFile'] });
        return r.canceled ? null : r.filePaths[0] ?? null;
      },
    },
    recent: () => settings.recent,
    addRecent: rememberRecent,
    sessionPaths,
    onWorkspacePath: updateTitle,
  });
  const session = autosave;
  clearInterval(autosaveTimer);
  autosaveTimer = setInterval(() => {
    void session.autosave((ui) => hostedApi.saveWorkspace(ui)).catch((err: unknown) => console.error('autosave failed:', err));
  }, AUTOSAVE_INTERVAL_MS);
}

async function rememberRecent(paths: string[]): Promise<void> {
  settings = { ...settings, recent: addRecent(settings.recent, paths) };
  await saveSettings(settingsFile, settings).catch(() => undefined);
  rebuildMenu();
}

/** Opens files main was given itself: the open dialog, the command line, the recent list. */
async function openPaths(paths: string[]): Promise<void> {
  sessionPaths.add(paths);
  if (!ipc || !api || paths.length === 0) return;
  const workspaces = paths.filter((p) => p.endsWith('.kpiw'));
  const dataFiles = paths.filter((p) => !p.endsWith('.kpiw'));
  for (const ws of workspaces) await openWorkspace(ws);
  if (dataFiles.length) {
    const result = await ipc.importPaths(dataFiles);
    if (result.tables.length) await api.autoMap();
    sendCommand({ type: 'filesOpened', result });
  }
}

async function openWorkspace(file: string): Promise<void> {
  if (!desktop) return;
  try {
    const opened = await desktop.openWorkspaceFile(file);
    send('kpiw:event', { type: 'tablesChanged' });
    sendCommand({ type: 'workspaceOpened', opened });
  } catch (err) {
    dialog.showErrorBox('Cannot open workspace', `${file}\n\n${err instanceof Error ? err.message : String(err)}`);
  }
}

async function showOpenDialog(): Promise<void> {
  if (!mainWindow) return;
  const r = await dialog.showOpenDialog(mainWindow, {
    title: 'Open exports or a workspace',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Data files and workspaces', extensions: [...IMPORTABLE_EXTENSIONS.map((e) => e.slice(1)), 'kpiw'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  if (!r.canceled) await openPaths(r.filePaths);
}

function updateTitle(workspacePath: string | null): void {
  mainWindow?.setTitle(workspacePath ? `${path.basename(workspacePath)} — ${APP_NAME}` : APP_NAME);
}

function setTheme(theme: Theme): void {
  settings = { ...settings, theme };
  void saveSettings(settingsFile, settings).catch(() => undefined);
  sendCommand({ type: 'setTheme', theme });
  rebuildMenu();
}

function rebuildMenu(): void {
  const template = buildMenuTemplate(
    { platform: process.platform, appName: APP_NAME, recent: settings.recent, theme: settings.theme },
    {
      open: () => void showOpenDialog(),
      openRecent: (p) => void openPaths([p]),
      clearRecent: () => {
        settings = { ...settings, recent: [] };
        void saveSettings(settingsFile, settings).catch(() => undefined);
        rebuildMenu();
      },
      openSample: () => sendCommand({ type: 'openSample' }),
      // The renderer holds the view and UI state these need; it calls back through kpiw:desktop.
      openWorkspace: () => sendCommand({ type: 'workspace', command: 'open' }),
      saveWorkspace: () => sendCommand({ type: 'workspace', command: 'save' }),
      saveWorkspaceAs: () => sendCommand({ type: 'workspace', command: 'saveAs' }),
      exportReport: () => sendCommand({ type: 'workspace', command: 'exportReport' }),
      exportCsv: () => sendCommand({ type: 'workspace', command: 'exportCsv' }),
      close: () => mainWindow?.close(),
      copySelectionAsTsv: () => sendCommand({ type: 'copySelectionAsTsv' }),
      setTheme,
      about: () => void dialog.showMessageBox({
        type: 'info', title: APP_NAME, message: `${APP_NAME} ${app.getVersion()}`,
        detail: 'Offline analyzer for customer-success and customer-service KPIs.',
      }),
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Navigation, new windows, webviews and permissions are refused for every web contents. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

async function createWindow(): Promise<void> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = fitToDisplays(await loadWindowState(stateFile), workAreas);

  mainWindow = new BrowserWindow({
    ...state,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: APP_NAME,
    show: false,
    backgroundColor: '#f7f7f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());

  const remember = () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    void saveWindowState(stateFile, stateFromWindow(mainWindow.getNormalBounds(), mainWindow.isMaximized())).catch(() => undefined);
  };
  let timer: NodeJS.Timeout | undefined;
  const rememberSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(remember, 500);
  };
  mainWindow.on('resize', rememberSoon);
  mainWindow.on('move', rememberSoon);
  let sessionEnded = false;
  let closing = false;
  mainWindow.on('close', (event) => {
    clearTimeout(timer);
    remember();
    // A last autosave and the clean-exit marker before the engine goes away.
    const session = autosave;
    const hostedApi = api;
    if (sessionEnded || closing || !session || !hostedApi) return;
    event.preventDefault();
    closing = true;
    void (async () => {
      try {
        if (session.hasUnsavedChanges && desktop && mainWindow) {
          const { response } = await dialog.showMessageBox(mainWindow, {
            type: 'question', buttons: ['Save…', 'Don’t Save', 'Cancel'], defaultId: 0, cancelId: 2,
            message: 'Save the changes to this workspace?',
            detail: 'If you don’t save, your changes will be lost.',
          });
          if (response === 2) return;
          if (response === 0) {
            const saved = await desktop.handle({ action: 'saveWorkspace', saveAs: false, uiState: session.lastUiState });
            if (!saved.ok) dialog.showErrorBox('Cannot save workspace', saved.error.message);
            if (!saved.ok || saved.value === null) return; // failed or cancelled: the window stays
          }
        }
        sessionEnded = true;
        clearInterval(autosaveTimer);
        await session.end((ui) => hostedApi.saveWorkspace(ui)).catch((err: unknown) => console.error('autosave on quit failed:', err));
        mainWindow?.close();
      } finally {
        closing = false;
      }
    })();
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
    desktop = null;
    autosave = null;
    ipc?.cancelAll();
    void engine?.close().catch(() => undefined);
    engine = api = ipc = null;
  });

  mainWindow.webContents.on('did-finish-load', () => {
    sendCommand({ type: 'setTheme', theme: settings.theme });
    const paths = pendingPaths;
    pendingPaths = [];
    void openPaths(paths);
  });

  await startWorkspaceEngine();
  if (devServerUrl) await mainWindow.loadURL(devServerUrl);
  else await mainWindow.loadURL('app://kpiw/index.html');
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    void openPaths(filesFromArgv(argv));
  });

  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  app.whenReady().then(async () => {
    settingsFile = path.join(app.getPath('userData'), 'settings.json');
    settings = await loadSettings(settingsFile);

    // The renderer is served from app://kpiw/ (out/renderer) with a strict CSP header.
    protocol.handle('app', async (request) => {
      const file = resolveAppAsset(rendererDir, request.url);
      if (!file) return new Response('not found', { status: 404 });
      try {
        await fs.access(file);
      } catch {
        return new Response('not found', { status: 404 });
      }
      const response = await net.fetch(pathToFileURL(file).href);
      const headers = new Headers(response.headers);
      headers.set('Content-Security-Policy', APP_CSP);
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(response.body, { status: response.status, headers });
    });

    // No permission (camera, notifications, geolocation…) is ever needed.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    // Nothing leaves the machine: any request other than our own page and dev server is cancelled.
    session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
      const allowed = isAppUrl(details.url) || details.url.startsWith('file:') || details.url.startsWith('devtools:')
        || details.url.startsWith('data:') || details.url.startsWith('blob:')
        || (!!devServerUrl && (details.url.startsWith(devServerUrl) || details.url.startsWith(devServerUrl.replace(/^http/, 'ws'))));
      callback({ cancel: !allowed });
    });

    registerIpc();
    rebuildMenu();
    await createWindow();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  }).catch((err: unknown) => {
    dialog.showErrorBox(APP_NAME, `The app could not start:\n\n${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    app.quit();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// The layer rules of docs/ARCHITECTURE.md ("Layout"), checked by `npm run lint` on src/:
// dependencies point one way, `renderer → shared` and `main/web/cli → engine → shared`.
// Type-only imports count too (tsPreCompilationDeps): a type pulled across a layer is a coupling
// even when it is erased from the bundle.

/** The layers the renderer must reach only through the API contract in src/shared. */
const NOT_FOR_RENDERER = '^src/(engine|main|web|cli|preload)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'renderer-not-to-other-layers',
      comment:
        'The renderer runs sandboxed in a browser page and talks to the engine only through the typed, ' +
        'validated API (IPC or WebSocket); importing engine, main, web, cli or preload code would bundle it ' +
        'into the page and bypass that boundary.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: NOT_FOR_RENDERER },
    },
    {
      name: 'renderer-only-renderer-shared-npm',
      comment:
        'Besides the rule above: the renderer imports only its own files, src/shared and npm packages — ' +
        'nothing from elsewhere in the repository (scripts, resources by relative path, test helpers).',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: {
        pathNot: ['^src/(renderer|shared)/', '^node_modules/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'renderer-no-node-builtins',
      comment:
        'The renderer has no nodeIntegration and also runs in a plain browser (the web host): a node: ' +
        'builtin would fail at run time there.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'engine-not-to-ui-or-hosts',
      comment:
        'The engine is the pure core that Electron main, the web host and the CLI all host: it must not ' +
        'know any of them, nor the renderer or preload.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/(renderer|main|web|cli|preload)/' },
    },
    {
      name: 'engine-no-electron-or-react',
      comment:
        'The engine runs in a worker, the CLI and tests without Electron or a DOM: Electron and React ' +
        '(and react-* packages) belong to the main process and the renderer.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^node_modules/(electron|react[^/]*)/' },
    },
    {
      name: 'hosts-through-engine-api',
      comment:
        'Electron main, the web host and the CLI are thin: they reach the engine through its one public ' +
        'module (engine/api.ts) and the hosting helpers in engine/host, so the engine can change inside ' +
        'without any host noticing.',
      severity: 'error',
      from: { path: '^src/(main|web|cli)/' },
      to: { path: '^src/engine/', pathNot: ['^src/engine/api\\.ts$', '^src/engine/host/'] },
    },
    {
      name: 'shared-imports-no-layer',
      comment:
        'src/shared is the contract every layer imports (API, schemas, catalog, calendar); importing any ' +
        'layer from it would make that layer a dependency of all the others and close cycles.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(engine|main|web|cli|renderer|preload)/' },
    },
    {
      name: 'shared-no-node-builtins',
      comment: 'src/shared is bundled into the renderer too, which has no Node builtins.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'main-not-to-web',
      comment:
        'Electron main and the web host are two independent hosts of the same engine; code both need ' +
        'belongs in the engine (engine/host) or src/shared, so neither host drags in the other.',
      severity: 'error',
      from: { path: '^src/main/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'web-not-to-main',
      comment: 'The converse of main-not-to-web: the web host must run without Electron main code.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/main/' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes module initialisation order matter and the two modules one unit in disguise: ' +
        'split out what both need instead.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

// The browser size budget (`node scripts/sizeBudget.mjs`, run by CI): what a browser app bundles
// for a session over a WebSocket, minified and gzipped, beside the official SDK's Client (v2 and
// v1) measured the same way in the same run; and what it bundles to show MCP App views, beside
// ext-apps' AppBridge alone. Everything each one imports is counted: size-limit
// leaves out the package's peer dependencies by default, but an app ships rxjs too.
const countEverything = (config) => ({ ...config, external: [] });

/** @type {import('size-limit').SizeLimitConfig} */
export default [
  {
    name: 'mcpSession + webSocket()',
    path: 'spec/package/size/session.mjs',
    gzip: true,
    // The committed budget: a growth past it fails CI (raise it in the change that needs it).
    // 27 -> 29 kB with the task edges of issue 21 (statuses in order, waits of any length).
    limit: '29 kB',
    modifyEsbuildConfig: countEverything,
  },
  {
    name: 'SDK v2 Client',
    path: 'spec/package/size/sdkV2Client.mjs',
    gzip: true,
    modifyEsbuildConfig: countEverything,
  },
  {
    name: 'SDK v1 Client',
    path: 'spec/package/size/sdkV1Client.mjs',
    gzip: true,
    modifyEsbuildConfig: countEverything,
  },
  {
    name: 'mcpAppView + iframeAppFrame',
    path: 'spec/package/size/apps.mjs',
    gzip: true,
    // Most of it is ext-apps' AppBridge (the next row); the limit catches growth of our part.
    limit: '163 kB',
    modifyEsbuildConfig: countEverything,
  },
  {
    name: 'ext-apps AppBridge',
    path: 'spec/package/size/extAppsBridge.mjs',
    gzip: true,
    modifyEsbuildConfig: countEverything,
  },
];

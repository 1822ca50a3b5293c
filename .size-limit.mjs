// The browser size budget (`node scripts/sizeBudget.mjs`, run by CI): what a browser app bundles
// for a session over a WebSocket, minified and gzipped, beside the official SDK's Client (v2 and
// v1) measured the same way in the same run. Everything each one imports is counted: size-limit
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
];

// Jest globalSetup: build dist/ once before any test file runs, so the tests that load the built
// package (dual ESM/CJS, host-exit scripts) see the current sources, and never race to build.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = function buildOnce() {
  // CI's Node matrix builds once up front and runs several Node versions at the same time.
  if (process.env.RXJS_MCP_STDIO_PREBUILT === '1') return;
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build.mjs')], {
    stdio: 'pipe',
  });
};

// The root entry (`rxjs-mcp-stdio`): package.json's "." export builds from this file, and the
// transport's own face, transport/index.ts, says what it holds.
export * from './transport/index.js';

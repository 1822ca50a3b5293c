/**
 * The transport: `fromStdioServer()` makes an MCP server's process an RxJS subject (spawn on
 * subscribe, frames in and out, the whole process tree shut down on the last unsubscribe), with
 * its parameters, errors, launchers and defaults. Node only.
 *
 * package.json's "." export builds from this file; the modules live in transport/.
 *
 * @module rxjs-mcp-stdio
 */
export * from './transport/index.js';

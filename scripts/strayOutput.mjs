#!/usr/bin/env node
/**
 * The test suite's output holds nothing but the test runner's: a server a test starts with its
 * stderr inherited prints its banner into `npm test`'s output, where a reader takes it for a
 * problem. This reads CI's test logs and fails on any line a known MCP server or fixture prints
 * on its own (the banners of the servers the tests run, and the fixtures' last words).
 *
 *   node scripts/strayOutput.mjs .cache/ci/tests_*.log
 */
import { readFileSync } from 'node:fs';

/** Lines that only a server or fixture process writes, never Jest. */
const STRAY = [
  /Starting default \(STDIO\) server/, // @modelcontextprotocol/server-everything
  /Everything Server Launcher/,
  /MCP Server running on stdio/, // server-memory's "Knowledge Graph MCP Server running on stdio"
  /Secure MCP Filesystem Server running on stdio/,
  /Note: Allowed directories can be provided via/, // server-filesystem without a directory
  /^fatal: boom$/, // spec/fixtures/crash.js
];

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node scripts/strayOutput.mjs <test log>...\n');
  process.exit(2);
}
const found = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => STRAY.some((pattern) => pattern.test(line.trim())))
    .map((line) => `${file}: ${line.trim()}`),
);
if (found.length > 0) {
  process.stderr.write(`stray server output in the test logs:\n  ${found.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`no stray server output in ${files.length} test log(s)\n`);

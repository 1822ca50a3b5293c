/**
 * `npm run demo:web`'s server: the built page and the relay to the bundled everything server,
 * on 127.0.0.1, until Ctrl-C (which ends every server process tree before exiting).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeOnSignals } from 'rxjs-mcp-stdio/relay';
import { startWebDemo } from './webDemo.js';

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env['PORT'] ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0 for any free one), not ${process.env['PORT']}`);
  process.exit(2);
}
const pageRoot = join(here, '..', 'dist', 'web', 'browser');
if (!existsSync(join(pageRoot, 'index.html'))) {
  console.error('The page is not built: run `npm run demo:web` from the repository root (it builds it).');
  process.exit(1);
}
const demo = await startWebDemo({
  pageRoot,
  port,
  relay: { log: (line) => console.log(line) },
});
console.log(`rxjs-mcp-stdio web demo: open ${demo.url}`);
console.log(`MCP Apps (server-system-monitor's view, sandboxed): open ${demo.urlFor('monitor')}`);
console.log('(the token in the URL is new each run; Ctrl-C stops the demo and its server processes)');
closeOnSignals(demo);

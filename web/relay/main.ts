/**
 * `npm run demo:web`'s server: the built page and the relay to the bundled everything server,
 * on 127.0.0.1, until Ctrl-C (which shuts the server processes down before exiting).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { everythingServer } from './everythingServer.js';
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
  server: everythingServer(),
  port,
});
console.log(`rxjs-mcp-stdio web demo: open ${demo.url}`);
console.log('(the token in the URL is new each run; Ctrl-C stops the demo and its server processes)');
demo.relay.events$.subscribe((event) => {
  if (event.type === 'refused') console.log(`refused: ${event.status} ${event.reason}`);
  if (event.type === 'spawned') console.log(`connection ${event.connection}: server pid ${event.pid}`);
  if (event.type === 'serverExited') console.log(`connection ${event.connection}: server exited`);
});
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void demo.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * A relay as a command-line program would run it, for the specs that need it in a process of
 * its own (signals, memory): the fixture servers, `closeOnSignals`, and every event but the
 * per-message ones printed on stdout as one JSON line each (the first is `{ ready: … }`).
 *
 *   node --import tsx spec/relay/relayCli.ts
 */
import { closeOnSignals, startMcpRelay } from '../../lib/relay/index.js';
import { FIXTURE_SERVERS } from './relayHelpers.js';

async function main(): Promise<void> {
  const relay = await startMcpRelay({
    servers: FIXTURE_SERVERS,
    serverParams: { stderr: 'ignore', shutdown: { closeTimeout: 500, termTimeout: 500 } },
  });
  relay.events$.subscribe((event) => {
    if (event.type !== 'toServer' && event.type !== 'toPage') console.log(JSON.stringify(event));
  });
  closeOnSignals(relay);
  // Started with --expose-gc (the flood spec): SIGUSR2 collects the garbage and prints what stays.
  // Twice, a turn apart: buffers whose owners the first collection freed are released after it.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    process.on('SIGUSR2', () => {
      gc();
      setImmediate(() => {
        gc();
        const { heapUsed, external } = process.memoryUsage();
        console.log(JSON.stringify({ retained: heapUsed + external }));
      });
    });
  }
  console.log(JSON.stringify({ ready: { port: relay.port, origin: relay.origin, token: relay.token } }));
}

void main();

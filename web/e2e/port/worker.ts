/**
 * The Web Worker of the MessagePort e2e test: its first message carries the port (and whether
 * to be hostile); later ones are commands. See session.ts.
 */
import { runSession, type SessionCommand, type SessionReport } from './session.js';

const scope = globalThis as unknown as {
  postMessage(message: SessionReport): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
};
let command: ((c: SessionCommand) => void) | null = null;
scope.addEventListener('message', (event) => {
  if (command === null) {
    const [port] = event.ports;
    if (port === undefined) return;
    command = runSession(
      port,
      (report) => scope.postMessage(report),
      (event.data as { hostile: boolean }).hostile,
    );
  } else command(event.data as SessionCommand);
});

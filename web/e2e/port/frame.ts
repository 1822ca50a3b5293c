/**
 * The iframe of the MessagePort e2e test: it says hello to the page on load, gets a port back,
 * and runs the session (see session.ts). A reload is a new document that says hello again.
 */
import { runSession, type SessionCommand } from './session.js';

let command: ((c: SessionCommand) => void) | null = null;
window.addEventListener('message', (event) => {
  if (event.source !== window.parent) return;
  if (command === null) {
    const [port] = event.ports;
    if (port === undefined) return;
    command = runSession(port, (report) => window.parent.postMessage(report, location.origin), false);
  } else command(event.data as SessionCommand);
});
window.parent.postMessage({ type: 'hello' }, location.origin);

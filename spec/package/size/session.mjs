// What a browser app pulls in for a session over a WebSocket: mcpSession from the built package
// (dist/esm, as an app's bundler resolves it) and RxJS's webSocket().
import { webSocket } from 'rxjs/webSocket';
import { mcpSession } from '../../../dist/esm/session/index.js';

console.log(mcpSession, webSocket);

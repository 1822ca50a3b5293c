import { of, type Observable } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import {
  mcpSession,
  type ElicitRequestParams,
  type ElicitResult,
  type McpSession,
} from '../../lib/session/index.js';

/** The user's answer; here a user who types only a name and declines every link. */
function askUser(params: ElicitRequestParams): Observable<ElicitResult> {
  return of(params.mode === 'url' ? { action: 'decline' } : { action: 'accept', content: { name: 'Ada' } });
}

export function sessionWithForms(command: string, args: string[]): Observable<McpSession> {
  return mcpSession(fromStdioServer({ command, args, stderr: 'ignore' }), {
    clientInfo: { name: 'my-app', version: '1.0.0' },
    elicitation: askUser,
    // Forms with defaults filled in (the default), and URL mode (opt-in).
    capabilities: { elicitation: { form: { applyDefaults: true }, url: {} } },
  });
}

// Elicitation against the real server-everything process: the form of its
// trigger-elicitation-request comes back with the schema's defaults for what the user left out,
// and its trigger-url-elicitation (listed only to a client that declares URL mode) reaches the
// handler by request and fails a call with -32042 by error. Every process is gone after.
import { catchError, filter, firstValueFrom, lastValueFrom, map, of, switchMap, type Observable } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import {
  mcpSession,
  McpError,
  McpErrorCode,
  type CallToolResult,
  type ElicitRequestParams,
  type McpSession,
  type McpSessionOptions,
} from '../../lib/session/index.js';
import { descendantsOf, waitUntilGone } from '../support/processes.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');

/** Runs `use` on a session with server-everything; returns its value and the pids left after. */
async function withEverything<T>(
  options: McpSessionOptions,
  use: (session: McpSession) => Observable<T>,
): Promise<{ value: T; left: number[] }> {
  let pid = 0;
  const server$ = fromStdioServer({
    command: process.execPath,
    args: [everything, 'stdio'],
    stderr: 'ignore',
    spawnObserver: { next: (event) => (pid = event.pid ?? 0) },
  });
  let tree: number[] = [];
  const value = await firstValueFrom(
    mcpSession(server$, { requestTimeout: 20_000, ...options }).pipe(
      switchMap((session) => {
        tree = [pid, ...descendantsOf(pid)];
        return use(session);
      }),
    ),
  );
  return { value, left: await waitUntilGone(tree, 8000) };
}

const textOf = (result: CallToolResult): string =>
  result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
const resultText = (session: McpSession, name: string, args?: Record<string, unknown>) =>
  session.callTool(name, args).pipe(
    filter((event) => event.type === 'result'),
    map((event) => textOf(event.result)),
  );

describe('elicitation against server-everything (real process)', () => {
  it('a form accepted with only a name comes back with the defaults of the other fields', async () => {
    const { value, left } = await withEverything(
      { elicitation: () => of({ action: 'accept' as const, content: { name: 'Ada' } }) },
      (session) => resultText(session, 'trigger-elicitation-request'),
    );
    expect(value).toContain('- Name: Ada');
    expect(value).toContain('- Favorite Integer: 42');
    expect(value).toContain('- Favorite Number: 3.14');
    expect(value).toMatch(/"untitledSingleSelectEnum": "Monica"/);
    expect(value).toMatch(/"untitledMultipleSelectEnum": \[\s*"Guitar"\s*\]/);
    expect(left).toEqual([]);
  });

  it('with the off switch, the same form comes back as the handler gave it', async () => {
    const { value, left } = await withEverything(
      {
        capabilities: { elicitation: { form: {} } },
        elicitation: () => of({ action: 'accept' as const, content: { name: 'Ada' } }),
      },
      (session) => resultText(session, 'trigger-elicitation-request'),
    );
    expect(value).toContain('- Name: Ada');
    expect(value).not.toContain('Favorite Integer');
    expect(left).toEqual([]);
  });

  it('URL mode: listed only when declared; the request reaches the handler; the error path is -32042', async () => {
    const undeclared = await withEverything(
      { elicitation: () => of({ action: 'decline' as const }) },
      (session) => session.tools$.pipe(map((tools) => tools.map((tool) => tool.name))),
    );
    expect(undeclared.value).not.toContain('trigger-url-elicitation');
    expect(undeclared.left).toEqual([]);

    const seen: ElicitRequestParams[] = [];
    const declared = await withEverything(
      {
        capabilities: { elicitation: { form: { applyDefaults: true }, url: {} } },
        elicitation: (params) => {
          seen.push(params);
          return of({ action: 'accept' as const });
        },
      },
      (session) =>
        resultText(session, 'trigger-url-elicitation', {
          url: 'https://example.com/consent',
          elicitationId: 'consent-1',
        }).pipe(
          switchMap((requestPath) =>
            lastValueFrom(
              session
                .callTool('trigger-url-elicitation', { url: 'https://example.com/pay', errorPath: true })
                .pipe(
                  map(() => 'no error'),
                  catchError((error: unknown) => of(error)),
                ),
            ).then((errorPath) => ({ requestPath, errorPath })),
          ),
        ),
    );
    expect(seen).toEqual([
      expect.objectContaining({
        mode: 'url',
        url: 'https://example.com/consent',
        elicitationId: 'consent-1',
      }),
    ]);
    expect(declared.value.requestPath).toContain('User completed the URL elicitation flow');
    const error = declared.value.errorPath as McpError;
    expect(error).toBeInstanceOf(McpError);
    expect(error.code).toBe(McpErrorCode.UrlElicitationRequired);
    expect(error.data).toEqual({
      elicitations: [expect.objectContaining({ mode: 'url', url: 'https://modelcontextprotocol.io' })],
    });
    expect(declared.left).toEqual([]);
  });
});

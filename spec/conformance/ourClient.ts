/**
 * The conformance suite's client under test: an app on `mcpSession()` as docs/session.md shows
 * it, talking to the scenario's HTTP server through a stdio bridge (the way a stdio-only client
 * reaches a remote server). It connects, lists the tools, calls each with the values a user who
 * types nothing would send, and accepts every form as submitted empty (the session fills in the
 * defaults). Nothing in it knows which scenario runs.
 *
 *   CONFORMANCE_BRIDGE='{"command":"npx","args":["-y","mcp-remote"]}' \
 *     node --import tsx spec/conformance/ourClient.ts http://localhost:3000/mcp
 *
 * The bridge (a `StdioServerParams`-like `{ command, args, env }` in `CONFORMANCE_BRIDGE`) gets
 * the server URL, the last argument (where the suite puts it), appended to its `args`.
 */
import { concatMap, filter, firstValueFrom, from, map, of, switchMap, take, toArray } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import { mcpSession } from '../../lib/session/index.js';
import { bridgeFromEnvironment, describeResult } from './clientSetup.js';
import { exampleArguments } from './exampleArguments.js';

const url = process.argv.at(-1) ?? '';
const bridge = bridgeFromEnvironment();

const session$ = mcpSession(
  fromStdioServer({
    command: bridge.command,
    args: [...bridge.args, url],
    env: bridge.env,
    stderr: 'inherit',
  }),
  {
    clientInfo: { name: 'rxjs-mcp-stdio-conformance', version: '0.1.0' },
    // The user submits every form as it is shown: nothing typed, so the defaults apply.
    elicitation: () => of({ action: 'accept' as const, content: {} }),
  },
);

async function main(): Promise<void> {
  const lines = await firstValueFrom(
    session$.pipe(
      switchMap((session) =>
        session.tools$.pipe(
          take(1),
          switchMap((tools) => from(tools)),
          concatMap((tool) =>
            session.callTool(tool.name, exampleArguments(tool.inputSchema)).pipe(
              filter((event) => event.type === 'result'),
              map((event) => `${tool.name}: ${describeResult(event.result)}`),
            ),
          ),
          toArray(),
        ),
      ),
    ),
  );
  // firstValueFrom left the session: the bridge is shut down (stdin closed, then its process tree
  // ended), and this process exits once it is gone.
  console.log(lines.length === 0 ? 'no tools' : lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

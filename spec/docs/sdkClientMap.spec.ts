// docs/coming-from-the-sdk.md stays complete and true: every public member of the SDK v1 Client,
// its options and its handlers' context (read from the SDK's type declarations) has a row; every
// SDK name in the table exists; every session member, option and context field named exists
// (in our interfaces, and on a live session); and every "—" says why.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mcpSession, type McpSession } from '../../lib/session/index.js';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { OUR_PREFIXES, ourMembers, sdkSurface, tableRows } from './sdkClientMap.js';

const page = readFileSync(path.join(__dirname, '..', '..', 'docs', 'coming-from-the-sdk.md'), 'utf8');
const rows = tableRows(page);
const surface = sdkSurface();
const SDK_PREFIX =
  /^(Client|ClientOptions|ProtocolOptions|RequestOptions|NotificationOptions|RequestHandlerExtra|ListChangedHandlers|ListChangedOptions|experimental\.tasks)\./;
const bare = (code: string) => code.replace(/\(.*\)$/, '');
const sdkNames = rows.flatMap((row) => row.sdk.map(bare).filter((code) => SDK_PREFIX.test(code)));
const ourNames = rows.flatMap((row) =>
  row.ours.map(bare).filter((code) => OUR_PREFIXES.some((prefix) => code.startsWith(`${prefix}.`))),
);

describe('docs/coming-from-the-sdk.md', () => {
  it('reads the SDK surface: the Client, its options, request options, handler context, tasks', () => {
    expect(surface.length).toBeGreaterThan(60);
    expect(surface).toEqual(
      expect.arrayContaining([
        'Client.callTool',
        'Client.onerror',
        'ClientOptions.listChanged',
        'ProtocolOptions.enforceStrictCapabilities',
        'RequestOptions.signal',
        'RequestOptions.resumptionToken',
        'RequestHandlerExtra.sendRequest',
        'RequestHandlerExtra._meta',
        'ListChangedOptions.debounceMs',
        'experimental.tasks.getTaskResult',
      ]),
    );
    // Private and protected members are not the SDK's surface.
    expect(surface).not.toContain('Client.assertCapability');
    expect(surface).not.toContain('Client._clientInfo');
  });

  it('has a row for every public member of the SDK v1 Client, its options and its handler context', () => {
    expect(surface.filter((name) => !sdkNames.includes(name))).toEqual([]);
  });

  it('names only SDK members that exist', () => {
    expect(sdkNames.length).toBeGreaterThan(0);
    expect(sdkNames.filter((name) => !surface.includes(name))).toEqual([]);
  });

  it('names only session members, options and context fields that exist', () => {
    expect(ourNames.length).toBeGreaterThan(20);
    const missing = ourNames.filter((name) => {
      const [prefix, member] = name.split('.');
      return !ourMembers(prefix).includes(member);
    });
    expect(missing).toEqual([]);
  });

  it('names session members a live session has', () => {
    let session: McpSession | undefined;
    const subscription = mcpSession(fakeMcpServer().transport).subscribe((ready) => (session = ready));
    const members = ourNames.filter((name) => name.startsWith('session.')).map((name) => name.slice(8));
    expect(members.length).toBeGreaterThan(10);
    expect(members.filter((member) => !(member in (session ?? {})))).toEqual([]);
    subscription.unsubscribe();
  });

  it('says why for every member left out', () => {
    const leftOut = rows.filter((row) => row.ours.length === 0 && row.line.includes('| —'));
    expect(leftOut.length).toBeGreaterThan(5);
    expect(leftOut.filter((row) => row.note.length < 15).map((row) => row.line)).toEqual([]);
  });
});

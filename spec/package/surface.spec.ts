/**
 * A surface with a reason (issue 24): every export of every entry is something the docs show a
 * user calling or naming, each name has one entry, and the classes the library makes for its
 * users (never constructed by them) are types only. dist/ is built before the tests
 * (spec/support/buildOnce.js).
 */
import { namesInDocs, readSurface, surfaceProblems, type EntrySurface } from './surface.js';

/** Classes the library makes and hands out: exported as types, so they are no runtime value. */
const TYPE_ONLY = ['SdkTransportBridge', 'FakeMcpConnection', 'FakeServerProcess', 'MessagePortSubject'];

describe('the public surface of the built package', () => {
  let surface: EntrySurface[];
  let documented: Set<string>;

  beforeAll(() => {
    surface = readSurface();
    documented = namesInDocs();
  }, 120_000);

  it('is read from every entry of package.json, values and types apart', () => {
    expect(surface.map((s) => s.entry)).toEqual(
      expect.arrayContaining(['rxjs-mcp-stdio', 'rxjs-mcp-stdio/session', 'rxjs-mcp-stdio/testing']),
    );
    const session = surface.find((s) => s.entry === 'rxjs-mcp-stdio/session');
    expect(session?.values).toContain('mcpSession');
    expect(session?.types).toContain('McpSession');
    expect(session?.values).not.toContain('McpSession');
  });

  it('exports only what the docs name (or a documented signature uses), each name from one entry', () => {
    expect(surfaceProblems(surface, documented, TYPE_ONLY)).toEqual([]);
  });

  it('keeps the classes users never construct as types: no runtime value of any entry', () => {
    const values = surface.flatMap((s) => s.values);
    const types = surface.flatMap((s) => s.types);
    for (const name of TYPE_ONLY) {
      expect({ name, value: values.includes(name), type: types.includes(name) }).toEqual({
        name,
        value: false,
        type: true,
      });
    }
  });

  // The rule fails where it should: the real surface plus one change each.
  describe('notices', () => {
    const withExtra = (
      entry: string,
      extra: Partial<Pick<EntrySurface, 'values' | 'types'>>,
    ): EntrySurface[] =>
      surface.map((s) =>
        s.entry === entry
          ? {
              ...s,
              values: [...s.values, ...(extra.values ?? [])],
              types: [...s.types, ...(extra.types ?? [])],
              references: new Map([
                ...s.references,
                ...[...(extra.types ?? [])].map((n) => [n, new Set<string>()] as const),
              ]),
            }
          : s,
      );

    it('a value no doc names', () => {
      expect(
        surfaceProblems(
          withExtra('rxjs-mcp-stdio/host', { values: ['restartDelay'] }),
          documented,
          TYPE_ONLY,
        ),
      ).toEqual(['rxjs-mcp-stdio/host: the value restartDelay is named nowhere in the docs']);
    });

    it('a type no doc names and no documented signature uses', () => {
      expect(
        surfaceProblems(
          withExtra('rxjs-mcp-stdio/relay', { types: ['ClientMessage'] }),
          documented,
          TYPE_ONLY,
        ),
      ).toEqual([
        'rxjs-mcp-stdio/relay: the type ClientMessage is named nowhere in the docs nor in a documented signature',
      ]);
    });

    it('a name exported twice', () => {
      expect(
        surfaceProblems(withExtra('rxjs-mcp-stdio/sdk', { types: ['McpTransport'] }), documented, TYPE_ONLY),
      ).toEqual(['McpTransport is exported by rxjs-mcp-stdio/session and by rxjs-mcp-stdio/sdk']);
    });

    it('a made-only class exported as a value', () => {
      const surfaceWithValue = surface.map((s) =>
        s.entry === 'rxjs-mcp-stdio/sdk'
          ? {
              ...s,
              values: [...s.values, 'SdkTransportBridge'],
              types: s.types.filter((n) => n !== 'SdkTransportBridge'),
            }
          : s,
      );
      expect(
        surfaceProblems(surfaceWithValue, new Set([...documented, 'SdkTransportBridge']), TYPE_ONLY),
      ).toEqual(['rxjs-mcp-stdio/sdk: SdkTransportBridge is a runtime value; users never construct it']);
    });
  });
});

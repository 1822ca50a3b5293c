// The conformance run's bookkeeping: the suite's list of client scenarios is read, the HTTP-only
// ones are left out with a reason and any other (a new one) runs, checks count as the suite counts
// them, and the CI line says both clients' totals. The run itself is `npm run test:conformance`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exampleArguments } from './exampleArguments.js';
import {
  countChecks,
  parseClientScenarios,
  selectScenarios,
  summaryLine,
  type ScenarioOutcome,
} from './suite.js';

/** The shape of `conformance list --client` (0.1.16), shortened. */
const listed = `Client scenarios (test against a client):
  - initialize [2025-06-18,2025-11-25]
  - tools_call [2025-06-18,2025-11-25]
  - elicitation-sep1034-client-defaults [2025-11-25]
  - sse-retry [2025-11-25]
  - auth/metadata-default [2025-11-25]
  - auth/client-credentials-jwt [extension]
`;

const outcome = (
  scenario: string,
  passed: boolean,
  checksPassed: number,
  checksTotal: number,
): ScenarioOutcome => ({
  scenario,
  passed,
  checksPassed,
  checksTotal,
  problems: [],
  leftovers: [],
  seconds: 1,
});

describe('conformance run bookkeeping', () => {
  it('reads the client scenarios of the list, with their spec versions, and only those', () => {
    const withServerSection = `Server scenarios (test against a server):\n  - ping [2025-06-18]\n\n${listed}`;
    expect(parseClientScenarios(withServerSection).slice(0, 3)).toEqual([
      { name: 'initialize', specVersions: ['2025-06-18', '2025-11-25'] },
      { name: 'tools_call', specVersions: ['2025-06-18', '2025-11-25'] },
      { name: 'elicitation-sep1034-client-defaults', specVersions: ['2025-11-25'] },
    ]);
    expect(parseClientScenarios(withServerSection).map((s) => s.name)).not.toContain('ping');
    expect(() => parseClientScenarios('Usage: conformance [options]')).toThrow(/No client scenarios/);
  });

  it('leaves out OAuth and SSE reconnection with a reason each, and runs everything else, a new scenario too', () => {
    const scenarios = parseClientScenarios(`${listed}  - sampling-someday [2026-07-28]\n`);
    const { included, excluded } = selectScenarios(scenarios);
    expect(included).toEqual([
      'initialize',
      'tools_call',
      'elicitation-sep1034-client-defaults',
      'sampling-someday',
    ]);
    expect(excluded.map((e) => e.name)).toEqual([
      'sse-retry',
      'auth/metadata-default',
      'auth/client-credentials-jwt',
    ]);
    expect(excluded.find((e) => e.name === 'sse-retry')?.why).toMatch(/SSE stream/);
    expect(excluded.find((e) => e.name === 'auth/metadata-default')?.why).toMatch(/OAuth/);
  });

  it('counts checks as the suite does: SUCCESS of SUCCESS + FAILURE; failures and warnings are named', () => {
    expect(
      countChecks([
        { id: 'a', status: 'SUCCESS' },
        { id: 'b', status: 'INFO' },
        { id: 'c', status: 'FAILURE', errorMessage: 'Field "age" missing' },
        { id: 'd', status: 'WARNING' },
        { id: 'e', status: 'SUCCESS' },
      ]),
    ).toEqual({ passed: 2, total: 3, problems: ['FAILURE c: Field "age" missing', 'WARNING d'] });
  });

  it("prints one line with both clients' scenario and check totals", () => {
    const ours = [outcome('initialize', true, 2, 2), outcome('tools_call', true, 1, 1)];
    const sdk = [outcome('initialize', true, 2, 2), outcome('tools_call', false, 0, 1)];
    expect(summaryLine(ours, sdk, 41.4)).toBe(
      'conformance: ours 2/2 scenarios (3/3 checks), SDK v1 Client 1/2 scenarios (2/3 checks), 41 s',
    );
  });

  it("fills a tool's arguments as a user who types nothing: default, else first enum value, else a value of the type", () => {
    expect(
      exampleArguments({
        properties: {
          a: { type: 'number' },
          n: { type: 'integer', default: 7 },
          s: { type: 'string', enum: ['x', 'y'] },
          b: { type: 'boolean' },
          t: { type: ['string', 'null'] },
          free: {},
        },
      }),
    ).toEqual({ a: 1, n: 7, s: 'x', b: true, t: 'example', free: 'example' });
    expect(exampleArguments({})).toEqual({});
  });

  it('the docs quote the pinned versions and every exclusion', () => {
    const root = path.join(__dirname, '..', '..');
    const docs = readFileSync(path.join(root, 'docs', 'testing.md'), 'utf8');
    const pinned = (
      JSON.parse(readFileSync(path.join(root, 'scripts', 'conformance', 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies;
    const flat = docs.replace(/\s+/g, ' ');
    expect(flat).toContain(
      `\`@modelcontextprotocol/conformance\` ${pinned['@modelcontextprotocol/conformance']}`,
    );
    expect(flat).toContain(`mcp-remote ${pinned['mcp-remote']}`);
    const { excluded } = selectScenarios(parseClientScenarios(listed));
    for (const name of excluded.map((e) => e.name)) {
      expect(docs).toContain(name.startsWith('auth/') ? '`auth/*`' : `\`${name}\``);
    }
  });
});

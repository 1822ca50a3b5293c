import path from 'node:path';
import { McpConfigError, parseMcpServersConfig } from '../../lib/config/index.js';
import { expandVariables } from '../../lib/config/expandVariables.js';
import { readMcpServersConfig } from '../../lib/host/index.js';

const fixture = (name: string): string => path.join(__dirname, 'fixtures', name);
const variables = { HOST_TEST_NODE: '/usr/bin/node', HOST_TEST_DIR: '/srv/mcp', HOST_TEST_TOKEN: 's3cret' };

async function configError(promise: Promise<unknown>): Promise<McpConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof McpConfigError) return error;
    throw error;
  }
  throw new Error('expected an McpConfigError');
}

describe('expandVariables', () => {
  it('replaces ${env:NAME}, reports each missing name once, leaves other ${…} alone', () => {
    expect(expandVariables('${env:A}/${env:B}', { A: 'x', B: '' })).toEqual({ text: 'x/', missing: [] });
    expect(expandVariables('${env:NO}-${env:NO}-${env:ALSO}', {})).toEqual({
      text: '${env:NO}-${env:NO}-${env:ALSO}',
      missing: ['NO', 'ALSO'],
    });
    expect(expandVariables('${input:key} ${workspaceFolder}', {})).toEqual({
      text: '${input:key} ${workspaceFolder}',
      missing: [],
    });
    // Not from the prototype chain.
    expect(expandVariables('${env:toString}', {}).missing).toEqual(['toString']);
  });
});

describe('readMcpServersConfig', () => {
  it('reads a Claude Desktop config, expanding variables in command, args, env and cwd', async () => {
    const servers = await readMcpServersConfig(fixture('claude.json'), variables);
    expect([...servers]).toEqual([
      [
        'memory',
        {
          kind: 'stdio',
          command: '/usr/bin/node',
          args: ['/srv/mcp/server.js', '--flag'],
          env: { TOKEN: 's3cret', PLAIN: 'value' },
          cwd: '/srv/mcp',
        },
      ],
      ['off', { kind: 'disabled' }],
      ['remote', { kind: 'unsupported', transport: 'http' }],
    ]);
  });

  it('reads a VS Code config (servers, type)', async () => {
    const servers = await readMcpServersConfig(fixture('vscode.json'), {});
    expect([...servers]).toEqual([
      ['local', { kind: 'stdio', command: 'node', args: ['server.js', '${input:apiKey}'], env: {} }],
      ['web', { kind: 'unsupported', transport: 'http' }],
      ['events', { kind: 'unsupported', transport: 'sse' }],
    ]);
  });

  it('lists every problem with its server and field, and names a missing variable', async () => {
    const error = await configError(readMcpServersConfig(fixture('invalid.json'), {}));
    expect(error.problems).toEqual([
      { server: 'bad', field: 'command', message: 'expected a string, got a number' },
      { server: 'bad', field: 'args[1]', message: 'expected a string, got a number' },
      { server: 'bad', field: 'env.KEY', message: 'expected a string, got a boolean' },
      { server: 'missing', field: 'command', message: 'a stdio server needs a "command"' },
      {
        server: 'missing',
        field: 'args[0]',
        message: 'the environment variable HOST_TEST_NOT_SET is not set',
      },
    ]);
    expect(error.message).toBe(
      `Invalid MCP servers config in ${fixture('invalid.json')}:\n` +
        '- mcpServers.bad.command: expected a string, got a number\n' +
        '- mcpServers.bad.args[1]: expected a string, got a number\n' +
        '- mcpServers.bad.env.KEY: expected a string, got a boolean\n' +
        '- mcpServers.missing.command: a stdio server needs a "command"\n' +
        '- mcpServers.missing.args[0]: the environment variable HOST_TEST_NOT_SET is not set',
    );
  });

  it('says which file is not JSON or cannot be read', async () => {
    expect((await configError(readMcpServersConfig(fixture('not-json.txt'), {}))).message).toMatch(
      /^Invalid MCP servers config in .*not-json\.txt:\n- \(config\): is not JSON \(SyntaxError: /,
    );
    expect((await configError(readMcpServersConfig(fixture('no-such.json'), {}))).message).toMatch(
      /^Invalid MCP servers config in .*no-such\.json:\n- \(config\): cannot be read \(Error: ENOENT/,
    );
  });
});

describe('parseMcpServersConfig', () => {
  it.each([
    [null, '(config): expected a JSON object, got null'],
    [[], '(config): expected a JSON object, got an array'],
    [{}, '(config): expected a "mcpServers" (or VS Code "servers") object'],
    [{ mcpServers: {}, servers: {} }, '(config): has both "mcpServers" and "servers"; use one'],
    [{ servers: [] }, 'servers: expected an object, got an array'],
    [{ servers: { x: 'node' } }, 'servers.x: expected an object, got a string'],
    [{ mcpServers: { 'my server': { command: '' } } }, 'mcpServers["my server"].command: must not be empty'],
    [
      { mcpServers: { x: { command: 'a', disabled: 'yes' } } },
      'mcpServers.x.disabled: expected true or false, got a string',
    ],
    [
      { servers: { x: { type: 'pipe' } } },
      'servers.x.type: unknown transport "pipe" (expected "stdio", "http" or "sse")',
    ],
    [
      { mcpServers: { x: { command: 'a', args: 'b' } } },
      'mcpServers.x.args: expected an array of strings, got a string',
    ],
    [{ mcpServers: { x: { command: 'a', cwd: 1 } } }, 'mcpServers.x.cwd: expected a string, got a number'],
  ])('rejects %j', (config, problem) => {
    expect(() => parseMcpServersConfig(config)).toThrow(`Invalid MCP servers config:\n- ${problem}`);
  });

  it('does not expand without variables, and does not check a disabled entry further', () => {
    const servers = parseMcpServersConfig({
      mcpServers: { a: { command: '${env:X}' }, b: { disabled: true, command: 7 } },
    });
    expect(servers.get('a')).toEqual({ kind: 'stdio', command: '${env:X}', args: [], env: {} });
    expect(servers.get('b')).toEqual({ kind: 'disabled' });
  });
});

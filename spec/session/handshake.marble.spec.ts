import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  LATEST_PROTOCOL_VERSION as CORE_LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS as CORE_SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/core/internal';
import { map, NEVER, of, timer } from 'rxjs';
import { mcpSession, McpError, McpErrorCode } from '../../lib/session/index.js';
import { DEFAULT_CLIENT_INFO } from '../../lib/session/McpSessionOptions.js';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '../../lib/session/protocolVersions.js';
import { newTestScheduler } from '../support/marbles.js';
import { shapeErrors } from './marbleHelpers.js';
import { fakeMcpServer } from '../../lib/testing/index.js';

/** What the fake answers to `initialize` in these tests. */
const initializeResult = {
  protocolVersion: LATEST_PROTOCOL_VERSION,
  capabilities: { tools: { listChanged: true }, logging: {} },
  serverInfo: { name: 'handshake', version: '1.0.0' },
  instructions: 'Be nice.',
};

const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };

describe('mcpSession handshake', () => {
  it('sends initialize, then notifications/initialized, and emits one ready session', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = fakeMcpServer({
        handlers: { initialize: () => timer(5).pipe(map(() => initializeResult)) },
      });
      const session$ = mcpSession(server.transport, { scheduler: testScheduler }).pipe(
        map((s) => ({
          serverInfo: s.serverInfo,
          serverCapabilities: s.serverCapabilities,
          protocolVersion: s.protocolVersion,
          instructions: s.instructions,
        })),
      );
      expectObservable(session$).toBe('5ms s', {
        s: {
          serverInfo: initializeResult.serverInfo,
          serverCapabilities: initializeResult.capabilities,
          protocolVersion: LATEST_PROTOCOL_VERSION,
          instructions: 'Be nice.',
        },
      });
      expectObservable(server.received$).toBe('i 4ms n', {
        i: {
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: {
            protocolVersion: LATEST_PROTOCOL_VERSION,
            capabilities: {},
            clientInfo: DEFAULT_CLIENT_INFO,
          },
        },
        n: initialized,
      });
    });
  });

  it('declares the capabilities the options provide, merged with options.capabilities, and its own client info', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = fakeMcpServer();
      const session$ = mcpSession(server.transport, {
        scheduler: testScheduler,
        clientInfo: { name: 'test-client', version: '9.9.9' },
        protocolVersion: '2025-06-18',
        roots: of([]),
        sampling: () =>
          of({ role: 'assistant' as const, content: { type: 'text' as const, text: '' }, model: 'm' }),
        elicitation: () => of({ action: 'decline' as const }),
        capabilities: { experimental: { shiny: {} } },
      });
      expectObservable(session$.pipe(map(() => 'ready'))).toBe('r', { r: 'ready' });
      expectObservable(server.received$).toBe('(in)', {
        i: {
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {
              roots: { listChanged: true },
              sampling: {},
              elicitation: { form: { applyDefaults: true } },
              experimental: { shiny: {} },
            },
            clientInfo: { name: 'test-client', version: '9.9.9' },
          },
        },
        n: initialized,
      });
    });
  });

  it('accepts an older protocol version chosen by the server', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = fakeMcpServer({ protocolVersion: '2024-11-05' });
      const version$ = mcpSession(server.transport, { scheduler: testScheduler }).pipe(
        map((s) => s.protocolVersion),
      );
      expectObservable(version$).toBe('v', { v: '2024-11-05' });
    });
  });

  it('fails with McpProtocolError, without notifications/initialized, when the server answers an unsupported version', () => {
    const testScheduler = newTestScheduler();
    const server = fakeMcpServer({ protocolVersion: '1999-01-01' });
    testScheduler.run(({ expectObservable }) => {
      expectObservable(shapeErrors(mcpSession(server.transport, { scheduler: testScheduler }))).toBe(
        '#',
        undefined,
        {
          name: 'McpProtocolError',
          message: `The server's protocol version 1999-01-01 is not supported (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
        },
      );
    });
    expect(server.received.map((m) => m.method)).toEqual(['initialize']);
    expect(server.connections.map((c) => c.endedBy)).toEqual(['client']);
  });

  it("fails with the server's JSON-RPC error as an McpError", () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = fakeMcpServer({
        handlers: {
          initialize: () =>
            timer(3).pipe(
              map(() => {
                throw new McpError(McpErrorCode.InvalidParams, 'Bad version', { v: 1 });
              }),
            ),
        },
      });
      expectObservable(shapeErrors(mcpSession(server.transport, { scheduler: testScheduler }))).toBe(
        '3ms #',
        undefined,
        { name: 'McpError', message: 'Bad version', code: -32602, data: { v: 1 } },
      );
    });
  });

  it('fails with McpTimeoutError after requestTimeout, never cancels initialize, and ends the transport', () => {
    const testScheduler = newTestScheduler();
    const server = fakeMcpServer({ handlers: { initialize: () => NEVER } });
    testScheduler.run(({ expectObservable }) => {
      const session$ = mcpSession(server.transport, { scheduler: testScheduler, requestTimeout: 100 });
      expectObservable(shapeErrors(session$)).toBe('100ms #', undefined, {
        name: 'McpTimeoutError',
        message: 'MCP request initialize timed out after 100 ms',
      });
    });
    expect(server.received.map((m) => m.method)).toEqual(['initialize']);
    expect(server.connections.map((c) => [c.endedBy, c.subscribers])).toEqual([['client', 0]]);
  });

  it('fails with McpProtocolError when the initialize result is malformed', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = fakeMcpServer({
        handlers: { initialize: () => ({ protocolVersion: LATEST_PROTOCOL_VERSION }) },
      });
      expectObservable(shapeErrors(mcpSession(server.transport, { scheduler: testScheduler }))).toBe(
        '#',
        undefined,
        {
          name: 'McpProtocolError',
          message:
            'Invalid result for initialize: capabilities: Invalid input: expected object, received undefined; serverInfo: Invalid input: expected object, received undefined',
        },
      );
    });
  });

  it('subscribes the transport once and unsubscribes it when the session is unsubscribed', () => {
    const testScheduler = newTestScheduler();
    const server = fakeMcpServer();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(
        mcpSession(server.transport, { scheduler: testScheduler }).pipe(map(() => 's')),
        '^ 9ms !',
      ).toBe('s');
    });
    expect(server.connections.map((c) => c.endedBy)).toEqual(['client']);
  });

  it('completes when the server closes the connection and errors with the transport error', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const ending = fakeMcpServer();
      const failing = fakeMcpServer();
      cold('5ms e').subscribe(() => {
        ending.exit();
      });
      cold('7ms f').subscribe(() => {
        failing.crash(new Error('server crashed'));
      });
      expectObservable(mcpSession(ending.transport, { scheduler: testScheduler }).pipe(map(() => 's'))).toBe(
        's 4ms |',
      );
      expectObservable(
        shapeErrors(mcpSession(failing.transport, { scheduler: testScheduler })).pipe(map(() => 's')),
      ).toBe('s 6ms #', undefined, { name: 'Error', message: 'server crashed' });
    });
  });
});

describe('session constants', () => {
  it('supports the same protocol versions as @modelcontextprotocol/core', () => {
    expect(LATEST_PROTOCOL_VERSION).toBe(CORE_LATEST_PROTOCOL_VERSION);
    expect(SUPPORTED_PROTOCOL_VERSIONS).toEqual(CORE_SUPPORTED_PROTOCOL_VERSIONS);
  });

  it('introduces itself with the package name and version', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(DEFAULT_CLIENT_INFO).toEqual({ name: pkg.name, version: pkg.version });
  });
});

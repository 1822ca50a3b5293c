/**
 * The relay's rules one by one, beside the socket-level security tests: which hosts and origins
 * count as the page's own, the constant-time token comparison, and which client frames pass.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClientMessage } from '../relay/clientMessage.js';
import { isLoopbackHost, isLoopbackOrigin, sameSecret } from '../relay/relayGate.js';

describe('the relay gate', () => {
  it('accepts loopback names at the exact port only', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080']) {
      assert.equal(isLoopbackHost(host, 8080), true, host);
    }
    for (const host of [
      undefined,
      '127.0.0.1',
      '127.0.0.1:8081',
      'evil.example:8080',
      '127.0.0.1.evil.example:8080',
      'localhost.:8080',
      '0.0.0.0:8080',
    ]) {
      assert.equal(isLoopbackHost(host, 8080), false, String(host));
    }
  });

  it('accepts the page’s own http origin only', () => {
    assert.equal(isLoopbackOrigin('http://127.0.0.1:8080', 8080), true);
    assert.equal(isLoopbackOrigin('http://localhost:8080', 8080), true);
    for (const origin of [
      undefined,
      'null',
      'https://127.0.0.1:8080',
      'http://127.0.0.1:8081',
      'http://evil.example',
      'http://127.0.0.1:8080/x',
    ]) {
      assert.equal(isLoopbackOrigin(origin, 8080), false, String(origin));
    }
  });

  it('compares tokens exactly, whatever their lengths', () => {
    assert.equal(sameSecret('abc', 'abc'), true);
    assert.equal(sameSecret('abd', 'abc'), false);
    assert.equal(sameSecret('abcd', 'abc'), false);
    assert.equal(sameSecret('', 'abc'), false);
  });
});

describe('client frames', () => {
  it('pass when they are one JSON-RPC 2.0 message with only its members', () => {
    const request = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo' } };
    assert.deepEqual(parseClientMessage(JSON.stringify(request)), { ok: true, message: request });
    const response = { jsonrpc: '2.0', id: 'a', result: {} };
    assert.deepEqual(parseClientMessage(JSON.stringify(response)), { ok: true, message: response });
  });

  it('are refused otherwise, with the reason', () => {
    const cases: [string, RegExp][] = [
      ['{', /Not JSON/],
      ['[]', /single/],
      ['"text"', /single/],
      ['null', /single/],
      ['{"jsonrpc":"1.0","method":"x"}', /2\.0/],
      ['{"jsonrpc":"2.0","method":"x","command":"sh"}', /command/],
      ['{"jsonrpc":"2.0","method":"x","cwd":"/","env":{}}', /cwd, env/],
      ['{"jsonrpc":"2.0","method":42}', /method/],
    ];
    for (const [frame, reason] of cases) {
      const parsed = parseClientMessage(frame);
      if (parsed.ok) assert.fail(`${frame} passed`);
      assert.match(parsed.reason, reason, frame);
    }
  });
});

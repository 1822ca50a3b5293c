import { lastValueFrom, VirtualTimeScheduler } from 'rxjs';
import { toSdkTransport } from '../../lib/sdk/index.js';
import { mcpSession, McpTransportInUseError } from '../../lib/session/index.js';
import { fakeMcpServer } from '../../lib/testing/index.js';

/** Starts a bridge on virtual time. */
async function started(transport: ReturnType<typeof toSdkTransport>, scheduler: VirtualTimeScheduler) {
  const start = transport.start();
  scheduler.flush();
  await start;
}

describe('toSdkTransport: one protocol session per subject', () => {
  it('send() of a message JSON cannot carry rejects with the serializer error; the connection goes on', async () => {
    const server = fakeMcpServer();
    const scheduler = new VirtualTimeScheduler();
    const transport = toSdkTransport(server.transport, { scheduler });
    const heard: unknown[] = [];
    transport.onmessage = (message) => heard.push(message);
    await started(transport, scheduler);
    await expect(
      transport.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { n: 2n } }),
    ).rejects.toThrow(/BigInt/);
    await transport.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    expect(heard).toEqual([{ jsonrpc: '2.0', id: 2, result: {} }]);
    expect(server.received.map((m) => m.id)).toEqual([2]);
    expect(server.current?.open).toBe(true);
    const close = transport.close();
    scheduler.flush();
    await close;
    // close() is the transport's complete(): the client closed the input, and the fake exited.
    expect(server.connections.map((c) => c.endedBy)).toEqual(['client']);
  });

  it('a bridge on a subject an mcpSession() holds is refused; once the session ends it may start', async () => {
    const server = fakeMcpServer();
    const scheduler = new VirtualTimeScheduler();
    const subscription = mcpSession(server.transport).subscribe();
    const refused = toSdkTransport(server.transport, { scheduler });
    let closed = 0;
    refused.onclose = () => (closed += 1);
    await expect(refused.start()).rejects.toThrow(McpTransportInUseError);
    expect(closed).toBe(0);
    subscription.unsubscribe();
    const next = toSdkTransport(server.transport, { scheduler });
    await started(next, scheduler);
    expect(server.connections).toHaveLength(2);
    // …and while it is connected, an mcpSession() is refused in turn.
    await expect(lastValueFrom(mcpSession(server.transport))).rejects.toThrow(
      /already carries a toSdkTransport/,
    );
    const close = next.close();
    scheduler.flush();
    await close;
    expect(server.count('initialize')).toBe(1);
  });
});

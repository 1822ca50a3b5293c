// example: marble.example.spec.ts
import { TestScheduler } from 'rxjs/testing';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { fakeServer } from 'rxjs-mcp-stdio/testing';

it('SIGTERMs a server that ignores EOF after closeTimeout', () => {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(({ expectObservable }) => {
    const server = fakeServer({ exitOnStdinEnd: null, exitOnSigterm: 5 }, scheduler);
    const server$ = fromStdioServer({
      command: 'my-server',
      spawn: server.spawn,
      scheduler,
      shutdown: { closeTimeout: 100, termTimeout: 200 },
    });
    expectObservable(server.events).toBe('a 9ms b 99ms c 4ms d', {
      a: { type: 'spawn', pid: 10000 },
      b: { type: 'stdin-closed', pid: 10000 },
      c: { type: 'signal', pid: 10000, signal: 'SIGTERM' },
      d: { type: 'exit', pid: 10000, code: null, signal: 'SIGTERM' },
    });
    expectObservable(server$, '^ 9ms !').toBe(''); // unsubscribe at 10 ms
  });
});

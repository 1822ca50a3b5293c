/**
 * Coalescing through the whole subject, over the fake server in virtual time: the messages two
 * consumers send in one turn reach the process in order, in one pipe write at the end of the turn.
 */
import { received, msg, setup, spawn } from '../../support/fakeTransport.js';
import { marbles } from '../../support/marbles.js';

describe('coalesced writes through fromStdioServer (virtual time)', () => {
  it('the messages of one turn, from two consumers, arrive in order in one write; a later turn writes again', () => {
    marbles(({ expectObservable, cold, flush }, scheduler) => {
      const { server, server$ } = setup(scheduler, {});
      expectObservable(server.events, '^ 30ms !').toBe('a 9ms (bcdef) 3ms g', {
        a: spawn(10000),
        b: received(msg(1)),
        c: received(msg(2)),
        d: received(msg(3)),
        e: received(msg(4)),
        f: received(msg(5)),
        g: received(msg(6)),
      });
      server$.subscribe();
      server$.subscribe();
      cold('10ms x').subscribe(() => {
        server$.next(msg(1));
        server$.next(msg(2));
        server$.next(msg(3));
      });
      cold('10ms x').subscribe(() => {
        server$.next(msg(4));
        server$.next(msg(5));
      });
      cold('20ms x').subscribe(() => server$.next(msg(6)));
      flush();
      // msgs 1 to 5 together at the end of their turn (virtual time 10), msg 6 in its own turn.
      expect(server.processes[0].stdin.writes).toBe(2);
    });
  });
});

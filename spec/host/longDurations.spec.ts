// The host's waits given by the caller — the restart delay and the health check's interval — of
// 2^31 ms and more, on the real asyncScheduler: Node's timers cannot wait that long (a longer
// delay fires after 1 ms), so each wait must be chained. Each test lets a short wait end first
// and checks the long one has not.
import { firstValueFrom, filter, timer } from 'rxjs';
import { mcpHost } from '../../lib/host/index.js';
import { fakeFleet } from './fakeFleet.js';
import { hostSummary } from './hostHelpers.js';

const LONG = 2 ** 31;
const one = { mcpServers: { a: { command: 'a' } } };
/** The short wait each test lets end first. */
const shortWait = () => firstValueFrom(timer(30));

describe('mcpHost with waits of 2^31 ms', () => {
  it('waits a restart delay of 2^31 ms instead of restarting at once', async () => {
    const fleet = fakeFleet(() => ({ crashAfter: 5 }));
    const host = mcpHost(one, {
      connect: fleet.connect,
      restart: { initialDelay: LONG, maxDelay: LONG, jitter: 0 },
    });
    const restarting = firstValueFrom(
      host.pipe(filter((state) => hostSummary(state).includes('restarting'))),
    );
    const subscription = host.subscribe();
    try {
      expect(hostSummary(await restarting)).toBe(`a=restarting#1+${LONG}:a#1 crashed`);
      await shortWait();
      expect(fleet.log).toEqual(['+a#1', '-a#1']);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('pings at a health-check interval of 2^31 ms, not every millisecond', async () => {
    const fleet = fakeFleet();
    const host = mcpHost(one, { connect: fleet.connect, healthCheck: { interval: LONG, timeout: 1000 } });
    const subscription = host.subscribe();
    try {
      await firstValueFrom(host.pipe(filter((state) => hostSummary(state).startsWith('a=ready'))));
      await shortWait();
      expect(fleet.starts.get('a')?.[0].count('ping')).toBe(0);
    } finally {
      subscription.unsubscribe();
    }
  });
});

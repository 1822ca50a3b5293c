// ToolsService.spec.ts
import { describe, expect, it } from '@jest/globals';
import { filter, map, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { ToolsService } from './ToolsService.example.js';

const text = (value: string) => ({ content: [{ type: 'text' as const, text: value }] });

describe('ToolsService', () => {
  it('lists the tools and runs them, with progress: three consumers, one session', () => {
    const testScheduler = new TestScheduler((actual, expected) => {
      expect(actual).toEqual(expected);
    });
    testScheduler.run(({ cold, expectObservable }) => {
      const server = fakeMcpServer({
        tools: [
          {
            name: 'add',
            inputSchema: { type: 'object' },
            call: ({ a, b }) => text(String(Number(a) + Number(b))),
          },
          {
            name: 'build', // progress at 10 and 20 ms, the answer at 30 ms
            inputSchema: { type: 'object' },
            call: (_args, context) =>
              cold('10ms a 9ms b 9ms r').pipe(
                tap((frame) => {
                  if (frame !== 'r') context.progress(frame === 'a' ? 1 : 2, 2);
                }),
                filter((frame) => frame === 'r'),
                map(() => text('built')),
              ),
          },
        ],
      });
      const service = new ToolsService(server.transport);

      expectObservable(service.toolNames$(), '^ 40ms !').toBe('t', { t: ['add', 'build'] });
      expectObservable(service.run('add', { a: 1, b: 2 })).toBe('(r|)', { r: '3' });
      expectObservable(service.run('build', {})).toBe('10ms a 9ms b 9ms (r|)', {
        a: '1/2',
        b: '2/2',
        r: 'built',
      });

      testScheduler.flush();
      expect(server.count('initialize')).toBe(1);
      expect(server.connections).toHaveLength(1);
      expect(server.current).toBeUndefined(); // the last consumer left: the session ended
    });
  });
});

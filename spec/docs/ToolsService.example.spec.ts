import { TestScheduler } from 'rxjs/testing';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { ToolsService } from './ToolsService.example.js';

const text = (value: string) => ({ content: [{ type: 'text' as const, text: value }] });

describe('ToolsService', () => {
  it('lists the tools and runs them: three consumers, one session', () => {
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
            name: 'slow',
            inputSchema: { type: 'object' },
            call: () => cold('5ms (r|)', { r: text('done') }),
          },
        ],
      });
      const service = new ToolsService(server.transport);

      expectObservable(service.toolNames$(), '^ 9ms !').toBe('t', { t: ['add', 'slow'] });
      expectObservable(service.run('add', { a: 1, b: 2 })).toBe('(r|)', { r: '3' });
      expectObservable(service.run('slow', {})).toBe('5ms (r|)', { r: 'done' });

      testScheduler.flush();
      expect(server.count('initialize')).toBe(1);
      expect(server.connections).toHaveLength(1);
      expect(server.current).toBeUndefined(); // the last consumer left: the session ended
    });
  });
});

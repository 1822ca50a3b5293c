// rxjs-mcp-stdio/apps: a tool's MCP App view, mounted, fed and torn down. In a page the frame is
// `iframeAppFrame({ container, sandboxUrl })`; here it is a channel to ext-apps' own view-side App.
import { InMemoryTransport } from '@modelcontextprotocol/client';
import { App } from '@modelcontextprotocol/ext-apps';
import { switchMap } from 'rxjs';
import { mcpAppView, sessionAppServer, type McpAppFrameFactory } from 'rxjs-mcp-stdio/apps';
import { mcpSession, type Tool } from 'rxjs-mcp-stdio/session';
import { fakeMcpServer } from 'rxjs-mcp-stdio/testing';

const uri = 'ui://monitor/view.html';
const show: Tool = { name: 'show', inputSchema: { type: 'object' }, _meta: { ui: { resourceUri: uri } } };
let polls = 0;
const server = fakeMcpServer({
  tools: [
    show,
    {
      name: 'poll',
      inputSchema: { type: 'object' },
      _meta: { ui: { visibility: ['app'] } }, // for its views only
      call: () => ({ content: [{ type: 'text', text: String((polls += 1)) }] }),
    },
    { name: 'secret', inputSchema: { type: 'object' }, _meta: { ui: { visibility: ['model'] } } },
  ],
  resources: [
    {
      uri,
      name: 'view',
      read: () => ({ contents: [{ uri, mimeType: 'text/html;profile=mcp-app', text: '<p>…</p>' }] }),
    },
  ],
});

const seen: string[] = [];
const view = new App({ name: 'view', version: '1.0.0' }, {}, { autoResize: false });
let connected: Promise<void> = Promise.resolve();
// The sandbox proxy's part: say it is ready, then give the view its end once the HTML arrives.
const frame: McpAppFrameFactory = () => {
  const [host, proxy] = InMemoryTransport.createLinkedPair();
  proxy.onmessage = (message) => {
    if ('method' in message && message.method === 'ui/notifications/sandbox-resource-ready') {
      connected = view.connect(proxy);
    }
  };
  void proxy
    .start()
    .then(() => proxy.send({ jsonrpc: '2.0', method: 'ui/notifications/sandbox-proxy-ready' }));
  return {
    transport: host,
    remove: () => {
      console.log(`apps: ${seen.join('; ')}; torn down`);
      void host.close();
    },
  };
};

const subscription = mcpSession(server.transport)
  .pipe(switchMap((session) => mcpAppView({ tool: show, server: sessionAppServer(session), frame })))
  .subscribe((event) => {
    if (event.type === 'mounted') seen.push('mounted');
    if (event.type !== 'initialized') return;
    seen.push('initialized');
    void connected.then(async () => {
      const polled = await view.callServerTool({ name: 'poll', arguments: {} });
      seen.push(`the view called poll → ${polled.content[0]?.type === 'text' ? polled.content[0].text : ''}`);
      await view.callServerTool({ name: 'secret', arguments: {} }).catch(() => seen.push('secret refused'));
      subscription.unsubscribe();
    });
  });

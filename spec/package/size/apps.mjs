// What a browser app pulls in to show MCP App views: mcpAppView and iframeAppFrame from the built
// package (dist/esm), with ext-apps' AppBridge they run on.
import { iframeAppFrame, mcpAppView } from '../../../dist/esm/apps/index.js';

console.log(iframeAppFrame, mcpAppView);

/**
 * The bridge to the official MCP TypeScript SDK: `toSdkTransport()` makes a server subject the
 * SDK's `Transport`, so its `Client` (v1 or v2) runs on this transport and its shutdown.
 *
 * @module rxjs-mcp-stdio/sdk
 */
export { toSdkTransport } from './toSdkTransport.js';
export { SdkTransportBridge, DEFAULT_SDK_EXIT_TIMEOUT } from './SdkTransportBridge.js';
export { McpTransportInUseError } from '../session/transportClaim.js';
export type { SdkTransport, SdkTransportOptions } from './SdkTransport.js';
export type { McpTransport } from '../session/McpTransport.js';

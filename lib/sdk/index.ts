/**
 * The bridge to the official MCP TypeScript SDK: `toSdkTransport()` makes a server subject the
 * SDK's `Transport`, so its `Client` (v1 or v2) runs on this transport and its shutdown.
 *
 * @module rxjs-mcp-stdio/sdk
 */
export { toSdkTransport } from './toSdkTransport.js';
// Made by toSdkTransport(), never by the user: its type only (instanceof needs no value here).
export type { SdkTransportBridge } from './SdkTransportBridge.js';
export type { SdkTransport, SdkTransportOptions } from './SdkTransport.js';

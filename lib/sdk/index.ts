export { toSdkTransport } from './toSdkTransport.js';
export { SdkTransportBridge, DEFAULT_SDK_EXIT_TIMEOUT } from './SdkTransportBridge.js';
export { McpTransportInUseError } from '../session/transportClaim.js';
export type { SdkTransport, SdkTransportOptions } from './SdkTransport.js';
export type { McpTransport } from '../session/McpTransport.js';

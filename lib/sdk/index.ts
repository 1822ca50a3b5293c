export { toSdkTransport } from './toSdkTransport.js';
export { StdioSdkTransport, DEFAULT_SDK_EXIT_TIMEOUT } from './StdioSdkTransport.js';
export type { SdkTransport, SdkTransportOptions, SdkTransportServer } from './SdkTransport.js';

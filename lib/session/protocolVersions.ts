/** The protocol version the session asks for by default. */
export const LATEST_PROTOCOL_VERSION = '2025-11-25';

/**
 * The protocol versions the session accepts in the server's answer to `initialize`, newest first
 * (the same list as the MCP TypeScript SDK's).
 */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = [
  LATEST_PROTOCOL_VERSION,
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
  '2024-10-07',
];

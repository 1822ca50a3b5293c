/**
 * The relay's limits and waits, each a named constant, public so that an operator (and a test)
 * can reason about them. Every one bounds memory or time for a hostile or broken peer.
 */

/** Default `maxConnections`: page connections (so server processes) at once; more get 503. */
export const DEFAULT_MAX_CONNECTIONS = 8;
/** Default `maxMessageBytes`: the largest WebSocket message a page may send (1 MiB); more is close 1009. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/**
 * Default `maxPageBufferBytes`: bytes waiting to reach a page that does not read (8 MiB); past it
 * the connection is closed with 1013 rather than buffered.
 */
export const DEFAULT_MAX_PAGE_BUFFER_BYTES = 8 * 1024 * 1024;
/**
 * Default `maxServerQueueBytes`: bytes waiting for a server that does not read its stdin (8 MiB,
 * the transport's `maxWriteQueueLength`); past it the connection is closed with 1013.
 */
export const DEFAULT_MAX_SERVER_QUEUE_BYTES = 8 * 1024 * 1024;
/** Default `maxServerFrameBytes`: the largest frame accepted from a server (16 MiB); longer lines are skipped. */
export const DEFAULT_MAX_SERVER_FRAME_BYTES = 16 * 1024 * 1024;
/** The largest request head (request line and headers), in bytes; more is 431. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** The longest request target (path and query), in characters; longer is 414. */
export const MAX_TARGET_LENGTH = 4096;
/** TCP connections open at once, upgraded sockets included; past it new ones are dropped. */
export const MAX_OPEN_SOCKETS = 256;
/** How long a client may take to send a request's head, in ms; then 408. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** How long a whole request may take, in ms. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** How often Node checks the two timeouts above, in ms. */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/** How long a refused socket may linger for its client to read the answer, in ms; then it is destroyed. */
export const REFUSAL_LINGER_MS = 2_000;
/**
 * How long the relay waits for a page to answer its close frame, in ms; then the socket is
 * destroyed (a page that does not read never answers).
 */
export const CLOSE_HANDSHAKE_TIMEOUT_MS = 2_000;
/**
 * How long a closed connection waits for its server process to be reported gone, in ms: longer
 * than the transport's whole shutdown (close stdin, SIGTERM, SIGKILL, 2 s each by default).
 */
export const SERVER_EXIT_WAIT_MS = 10_000;

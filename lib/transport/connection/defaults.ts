// The defaults of the params, public, in a module of their own: the published declarations of
// the root entry then reach no internal type (the resolved params hold a Node Buffer codec).

/** Default `shutdown.closeTimeout` and `shutdown.termTimeout`, in ms (the MCP spec's advice). */
export const DEFAULT_SHUTDOWN_TIMEOUT = 2000;
/** Default `maxFrameLength`: 256 MiB, above any sane frame (a 100 MB frame fits). */
export const DEFAULT_MAX_FRAME_LENGTH = 256 * 1024 * 1024;
/** Default `maxWriteQueueLength`: 512 MiB. */
export const DEFAULT_MAX_WRITE_QUEUE_LENGTH = 512 * 1024 * 1024;

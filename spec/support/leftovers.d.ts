// The part of leftovers.js (plain JavaScript: the Jest environment loads it untransformed) that
// the TypeScript helpers share.

/**
 * Whether a zombie leader still has live threads: a multi-threaded process (node) that exits
 * shows its main thread as Z while its other threads are torn down, and only when the last one
 * is gone are its file descriptors (its pipes) closed.
 */
export function hasLiveThreads(pid: number): boolean;

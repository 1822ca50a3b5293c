/**
 * `npm test` runs the stress specs small; `npm run test:faults` runs them again at full size
 * (jest.fullSize.config.js sets this variable), where repeated floods and long fuzz runs belong.
 */
export const FULL_SIZE = process.env.RXJS_MCP_STDIO_FULL_SIZE === '1';

/** `small` under `npm test`, `full` under `npm run test:faults`. */
export const sized = (small: number, full: number): number => (FULL_SIZE ? full : small);

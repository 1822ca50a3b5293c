export { fakeServer } from './fakeServer.js';
export type { FakeServer } from './fakeServer.js';
export { FakeServerProcess } from './FakeServerProcess.js';
export type { FakeServerBehavior } from './FakeServerBehavior.js';
export type { FakeServerEvent } from './FakeServerEvent.js';

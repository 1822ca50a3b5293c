// Set up before every spec of a mutation run (jest.mutation.config.js). A mutant can let an error
// escape every subscriber: RxJS then rethrows it from a setTimeout, outside any test, and that
// ends Jest's child process, which Stryker takes as a broken run. Here the handler RxJS calls
// instead is installed for the file's whole life (the report may come after the test that caused
// it), and each test ends by letting pending reports arrive, then failing if any did, so the
// mutant that let an error out counts as killed.
import { config } from 'rxjs';

const escaped: unknown[] = [];
config.onUnhandledError = (error: unknown) => {
  escaped.push(error);
};

afterEach(async () => {
  // RxJS reports on a zero-delay timeout: one turn of the timers queue delivers the reports of
  // this test (an event, not a sleep: nothing else is waited for).
  await new Promise((resolve) => setTimeout(resolve, 0));
  const errors = escaped.splice(0);
  if (errors.length > 0) {
    throw new Error(`${errors.length} error(s) escaped every subscriber, first: ${String(errors[0])}`);
  }
});

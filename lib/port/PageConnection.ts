/**
 * One connection of the page's side: from its `connect` to its end. It claims the port (one
 * subject per port), listens to it, posts what the subject sends, and multicasts the owner's
 * messages through `output`. Its states: `connecting` (waiting for its `connected`; a JSON-RPC
 * message read then was posted for an earlier connection and is dropped), `open`, `finished`;
 * and, after `complete()`, ending (the server's last messages still arrive until `end`). Every
 * wait is a timer on the scheduler.
 */
import { Subject, Subscription, type SchedulerLike } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import { boundedTimer } from '../transport/timing/boundedTimer.js';
import { claimTransport } from '../session/transportClaim.js';
import type { MessagePortConfig } from './MessagePortConfig.js';
import { MessagePortError } from './MessagePortError.js';
import type { MessagePortLike } from './MessagePortLike.js';
import { portEvents, type PortEvent } from './portEvents.js';
import { readPortMessage, signal, tryPost, type PageSignal, type PortSignal } from './portProtocol.js';

/** What a connection needs from its subject. */
export interface PageConnectionContext {
  readonly port: MessagePortLike;
  readonly timeout: number;
  readonly scheduler: SchedulerLike;
  readonly malformedObserver: MessagePortConfig['malformedObserver'];
  /** Called once when the connection is over, with the error that closed the port, if it did. */
  readonly onFinished: (connection: PageConnection, portClosed: MessagePortError | null) => void;
}

type State = 'idle' | 'connecting' | 'open' | 'finished';

/** The last connection number of each port, so that numbers never repeat on one port. */
const lastConnection = new WeakMap<object, number>();

/** One connection of a `MessagePortSubject` (see above). */
export class PageConnection {
  /** The owner's JSON-RPC messages; its subscribers are the subject's. */
  readonly output = new Subject<JsonRpcMessage>();
  private state: State = 'idle';
  /** `complete()` was posted: the wait is for `end`. */
  private ending = false;
  /** This connection's number on its port: the owner's `connected` and `end` repeat it. */
  private readonly number: number;
  private readonly resources = new Subscription();
  /** The wait for the owner's answer (`connected`, or `end` after `complete()`). */
  private answerWait = Subscription.EMPTY;

  constructor(private readonly context: PageConnectionContext) {
    this.number = (lastConnection.get(context.port) ?? 0) + 1;
    lastConnection.set(context.port, this.number);
  }

  /**
   * Opens the connection: claims the port, listens, posts `connect` and the messages queued
   * before it, and waits for `connected`.
   *
   * @param queued Messages the subject queued before any connection, as JSON text.
   */
  start(queued: readonly string[]): void {
    const { port } = this.context;
    try {
      this.resources.add(
        claimTransport(
          port,
          'a fromMessagePort() subject',
          'Share one fromMessagePort() subject for the port (it is multicast), or give each session its own port.',
        ),
      );
    } catch (error) {
      this.finish({ error });
      return;
    }
    this.state = 'connecting';
    this.resources.add(
      portEvents(port).subscribe({
        next: (event) => {
          this.receive(event);
        },
        complete: () => {
          this.portClosed('The MessagePort was closed: the other side went away');
        },
      }),
    );
    this.post(signal<PageSignal>('connect', { connection: this.number }));
    for (const text of queued) this.post(text);
    this.waitForAnswer('connect');
  }

  /**
   * Posts one message (JSON text).
   *
   * @param text The message.
   */
  send(text: string): void {
    this.post(text);
  }

  /** The polite goodbye: the owner completes its server's input; `end` completes the output. */
  end(): void {
    if (this.state === 'finished' || this.ending) return;
    this.ending = true;
    this.post(signal<PageSignal>('complete'));
    this.waitForAnswer('complete()');
  }

  /**
   * Errors the subscribers and tells the owner to drop its server.
   *
   * @param error What the subscribers get.
   */
  fail(error: unknown): void {
    this.post(signal<PageSignal>('disconnect'));
    this.finish({ error });
  }

  /** The last subscriber left: the owner drops its server (the shutdown runs there). */
  leave(): void {
    this.post(signal<PageSignal>('disconnect'));
    this.finish('leave');
  }

  private receive(event: PortEvent): void {
    if (event.type === 'messageerror') {
      this.report({ reason: 'a message that could not be deserialized', preview: '' });
      return;
    }
    const read = readPortMessage(event.data);
    if (read.kind === 'malformed') this.report(read.malformed);
    else if (read.kind === 'signal') this.signal(read.signal);
    // Read before its `connected`, a message belongs to an earlier connection of this port.
    else if (this.state !== 'connecting') this.output.next(read.message);
  }

  private signal(received: PortSignal): void {
    const { rxjsMcpPort: name, connection } = received;
    // What the owner still says about an earlier connection of this port.
    if ((name === 'connected' || name === 'end') && connection !== this.number) return;
    switch (name) {
      case 'connected':
        if (this.state !== 'connecting') break;
        this.state = 'open';
        if (!this.ending) this.answerWait.unsubscribe();
        return;
      case 'ping':
        this.post(signal<PageSignal>('pong'));
        return;
      case 'end': {
        const { error } = received;
        this.finish(
          error === undefined
            ? 'complete'
            : { error: new MessagePortError('remote', error.message, error.name) },
        );
        return;
      }
      case 'close':
        this.portClosed('The MessagePort was closed by its owner');
        return;
    }
    this.report({ reason: `an unexpected signal '${received.rxjsMcpPort}'`, preview: received.rxjsMcpPort });
  }

  private waitForAnswer(what: string): void {
    const { timeout, scheduler } = this.context;
    this.answerWait.unsubscribe();
    this.answerWait = boundedTimer(timeout, scheduler).subscribe(() => {
      this.fail(
        new MessagePortError(
          'timeout',
          `No answer to ${what} on the MessagePort within ${timeout} ms: is its other end served with serveMessagePort()?`,
        ),
      );
    });
    this.resources.add(this.answerWait);
  }

  private portClosed(message: string): void {
    this.finish({ closed: new MessagePortError('closed', message) });
  }

  /**
   * Ends the connection once: releases everything (closes a port that closed), then tells the
   * subscribers (`'leave'`: there are none left).
   */
  private finish(outcome: 'complete' | 'leave' | { error: unknown } | { closed: MessagePortError }): void {
    if (this.state === 'finished') return;
    this.state = 'finished';
    this.resources.unsubscribe();
    const closed = typeof outcome === 'object' && 'closed' in outcome ? outcome.closed : null;
    if (closed !== null) this.context.port.close();
    this.context.onFinished(this, closed);
    if (outcome === 'complete') this.output.complete();
    else if (closed !== null) this.output.error(closed);
    else if (typeof outcome === 'object' && 'error' in outcome) this.output.error(outcome.error);
  }

  /** Posts a message; a port that throws (Electron's and Node's, once closed) is closed. */
  private post(message: unknown): void {
    if (this.state === 'finished') return;
    if (!tryPost(this.context.port, message)) {
      this.portClosed('The MessagePort refused a message: it is closed');
    }
  }

  private report(malformed: { reason: string; preview: string }): void {
    this.context.malformedObserver?.next(malformed);
  }
}

/**
 * One tool call as the page shows it: a cold `callTool()` Observable subscribed once, its events
 * folded into signals (progress, result, failure) that a card reads. `cancel()` is just
 * unsubscribing, which is how the session sends `notifications/cancelled` to the server.
 */
import { computed, signal } from '@angular/core';
import { ReplaySubject, type Observable, type Subscription } from 'rxjs';
import { progressPercent } from './progressPercent.js';
import type { CallToolResult, McpRequestEvent } from 'rxjs-mcp-stdio/session';

/** Where a call is. */
export type ToolCallState = 'running' | 'done' | 'failed' | 'cancelled';

/** The latest progress notification of a call. */
export interface ToolCallProgress {
  readonly progress: number;
  readonly total: number | undefined;
  readonly message: string | undefined;
}

/** A running or finished tool call. */
export class ToolCall {
  private readonly stateSignal = signal<ToolCallState>('running');
  private readonly progressSignal = signal<ToolCallProgress | null>(null);
  private readonly resultSignal = signal<CallToolResult | null>(null);
  private readonly failureSignal = signal<string | null>(null);
  private subscription: Subscription | null = null;
  private readonly eventsSubject = new ReplaySubject<McpRequestEvent<CallToolResult>>();

  /** The call's events, replayed (its MCP App view reads the result from them). */
  readonly events$ = this.eventsSubject.asObservable();

  /** Where the call is. */
  readonly state = this.stateSignal.asReadonly();
  /** The latest progress, or `null` before the first. */
  readonly progress = this.progressSignal.asReadonly();
  /** The result, once it came. */
  readonly result = this.resultSignal.asReadonly();
  /** Why it failed (a request error, not a tool's `isError` result). */
  readonly failure = this.failureSignal.asReadonly();
  /** 0..100, or `null` while the total is unknown. */
  readonly percent = computed(() =>
    this.stateSignal() === 'done' ? 100 : progressPercent(this.progressSignal()),
  );

  /**
   * @param id A number unique on the page.
   * @param tool The tool's name.
   * @param args The arguments it was called with.
   */
  constructor(
    readonly id: number,
    readonly tool: string,
    readonly args: Readonly<Record<string, unknown>>,
  ) {}

  /** Subscribes to the call's events (once). */
  start(events$: Observable<McpRequestEvent<CallToolResult>>): void {
    this.subscription ??= events$.subscribe({
      next: (event) => {
        this.eventsSubject.next(event);
        if (event.type === 'progress') {
          this.progressSignal.set({ progress: event.progress, total: event.total, message: event.message });
        } else {
          this.resultSignal.set(event.result);
        }
      },
      error: (error: unknown) => {
        this.eventsSubject.error(error);
        this.failureSignal.set(error instanceof Error ? error.message : String(error));
        this.stateSignal.set('failed');
      },
      complete: () => {
        this.eventsSubject.complete();
        this.stateSignal.set('done');
      },
    });
  }

  /** Cancels a running call on the server (unsubscribing sends `notifications/cancelled`). */
  cancel(): void {
    if (this.stateSignal() !== 'running') return;
    this.stateSignal.set('cancelled');
    this.subscription?.unsubscribe();
    this.eventsSubject.error(new Error('Cancelled'));
  }
}

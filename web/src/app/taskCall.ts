/**
 * One tool call run as a task, as the page shows it: the session's `callToolTask()` Observable
 * subscribed once, its events folded into signals — the task id, its status as the server last
 * reported it, every distinct status message as a stage, progress, then the result.
 *
 * Cancel asks the server (`tasks/cancel`, through `cancelTask`) and keeps following the task, so
 * the `cancelled` the card then shows is the server's own answer, not the page's guess. (Simply
 * unsubscribing would also send `tasks/cancel`, but nobody would hear the answer.) A pending
 * elicitation of the task is answered `cancel` when the task ends, so no form outlives its task.
 */
import { computed, signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
import { progressPercent } from './progressPercent.js';
import {
  McpTaskError,
  type CallToolResult,
  type McpTask,
  type McpTaskEvent,
  type McpTaskStatus,
} from 'rxjs-mcp-stdio/session';

/** Where a task call is, on the page. */
export type TaskCallState = 'starting' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

/** One stage of a task: a status with its message, as first seen. */
export interface TaskStage {
  /** The status the task had. */
  readonly status: McpTaskStatus;
  /** The server's status message (what the task is doing), if any. */
  readonly message: string;
}

/** The latest progress notification of a task. */
export interface TaskProgress {
  /** How far it is. */
  readonly progress: number;
  /** Out of how much, when known. */
  readonly total: number | undefined;
}

/** What a task call needs of the session besides its events. */
export interface TaskCallDeps {
  /** The task events of the call (cold: subscribed once, by `start`). */
  readonly events$: Observable<McpTaskEvent<CallToolResult>>;
  /** Sends `tasks/cancel` for a task id; emits the task as the server answers. */
  readonly cancelTask: (taskId: string) => Observable<McpTask>;
  /** Called once when the task ended, with its id: answers what the task still asks of the user. */
  readonly ended: (taskId: string) => void;
}

/** A running or finished task call. */
export class TaskCall {
  private readonly stateSignal = signal<TaskCallState>('starting');
  private readonly taskSignal = signal<McpTask | null>(null);
  private readonly stagesSignal = signal<readonly TaskStage[]>([]);
  private readonly progressSignal = signal<TaskProgress | null>(null);
  private readonly resultSignal = signal<CallToolResult | null>(null);
  private readonly failureSignal = signal<string | null>(null);
  private subscription: Subscription | null = null;
  private deps: TaskCallDeps | null = null;
  private endReported = false;

  /** Where the call is. */
  readonly state = this.stateSignal.asReadonly();
  /** The task as the server last described it (`null` until it is created). */
  readonly task = this.taskSignal.asReadonly();
  /** Every distinct status message, oldest first. */
  readonly stages = this.stagesSignal.asReadonly();
  /** The latest progress, or `null` before any. */
  readonly progress = this.progressSignal.asReadonly();
  /** The result, once it came. */
  readonly result = this.resultSignal.asReadonly();
  /** Why it failed (or was cancelled), in the session's words. */
  readonly failure = this.failureSignal.asReadonly();
  /** Whether the task may still change. */
  readonly live = computed(() => {
    const state = this.stateSignal();
    return state === 'starting' || state === 'running' || state === 'cancelling';
  });
  /** 0..100, or `null` while the total is unknown. */
  readonly percent = computed(() => progressPercent(this.progressSignal()));

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
  start(deps: TaskCallDeps): void {
    if (this.subscription !== null) return;
    this.deps = deps;
    this.subscription = deps.events$.subscribe({
      next: (event) => {
        if (event.type === 'task') this.see(event.task);
        else if (event.type === 'progress') {
          this.progressSignal.set({ progress: event.progress, total: event.total });
        } else this.resultSignal.set(event.result);
      },
      error: (error: unknown) => {
        if (error instanceof McpTaskError && error.task !== null) this.see(error.task);
        const cancelled = error instanceof McpTaskError && error.reason === 'cancelled';
        this.stateSignal.set(cancelled ? 'cancelled' : 'failed');
        if (!cancelled) this.failureSignal.set(error instanceof Error ? error.message : String(error));
        this.ended();
      },
      complete: () => {
        this.stateSignal.set('done');
        this.ended();
      },
    });
  }

  /** Asks the server to cancel the task; the card shows `cancelled` once the server says so. */
  cancel(): void {
    const task = this.taskSignal();
    if (task === null || this.deps === null || this.stateSignal() !== 'running') return;
    this.stateSignal.set('cancelling');
    this.deps.cancelTask(task.taskId).subscribe({
      next: (answer) => {
        // The task stream may still be between polls: the server's answer is the news.
        if (answer.status === 'cancelled') {
          // Not unsubscribing: that would send a second tasks/cancel. Its next poll ends it.
          this.see(answer);
          this.stateSignal.set('cancelled');
          this.ended();
        }
      },
      error: (error: unknown) => {
        // Most likely the task ended first; its own stream says how.
        if (this.stateSignal() === 'cancelling') this.stateSignal.set('running');
        this.failureSignal.set(`Cancel failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
  }

  /** Tells the deps, once, that the task ended. */
  private ended(): void {
    const task = this.taskSignal();
    if (this.endReported || task === null) return;
    this.endReported = true;
    this.deps?.ended(task.taskId);
  }

  /** Records the task as the server described it, and a stage when its status or message is new. */
  private see(task: McpTask): void {
    this.taskSignal.set(task);
    if (this.stateSignal() === 'starting') this.stateSignal.set('running');
    const message = task.statusMessage ?? '';
    const last = this.stagesSignal().at(-1);
    if (last?.status !== task.status || last.message !== message) {
      this.stagesSignal.update((stages) => [...stages, { status: task.status, message }]);
    }
  }
}

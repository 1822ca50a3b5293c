/**
 * A tool's MCP App view beside its call card: the view's frame (sandbox proxy on another origin,
 * the view inside it), and below it what the host refused the view and what the view logged, as
 * errors and lines the user can read. Mounted after the first render; torn down with the card
 * (destroying the component unsubscribes, which sends `ui/resource-teardown` and removes it).
 */
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { McpAppViewEvent } from 'rxjs-mcp-stdio/apps';
import type { Tool } from 'rxjs-mcp-stdio/session';
import { McpClientService } from './mcpClient.service';
import type { ToolCall } from './toolCall';

/** How many refusals and log lines a view's panel keeps (a flooding view cannot grow the page). */
const LINES_KEPT = 50;

type Refusal = Extract<McpAppViewEvent, { type: 'refused' }>;
type Log = Extract<McpAppViewEvent, { type: 'log' }>;

/** A view's panel. */
@Component({
  selector: 'mcp-app-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card app-view" [attr.data-state]="state()" [attr.data-refusals]="refusalCount()">
      <header class="call-head">
        <span class="call-tool">{{ tool().name }} view</span>
        <span class="badge" [attr.data-state]="state()">{{ state() }}</span>
      </header>
      <div class="app-frame" #frame></div>
      @if (failure(); as f) {
        <p class="failure">{{ f }}</p>
      }
      @if (refusals().length > 0) {
        <p class="failure">Refused {{ refusalCount() }} request(s) of the view:</p>
        <ul class="app-refusal-kinds">
          @for (kind of refusalKinds(); track kind[0]) {
            <li class="app-refusal-kind" [attr.data-refusal]="kind[0]">{{ kind[0] }} × {{ kind[1] }}</li>
          }
        </ul>
        <ul class="app-refusals">
          @for (r of refusals(); track $index) {
            <li class="app-refusal" [attr.data-refusal]="r.refusal">{{ r.refusal }}: {{ r.detail }}</li>
          }
        </ul>
      }
      @if (logs().length > 0) {
        <ul class="app-logs">
          @for (l of logs(); track $index) {
            <li class="app-log" [attr.data-level]="l.level">{{ l.level }}: {{ text(l.data) }}</li>
          }
        </ul>
      }
    </section>
  `,
})
export class AppViewComponent {
  /** The tool whose view this is. */
  readonly tool = input.required<Tool>();
  /** The call the view shows. */
  readonly call = input.required<ToolCall>();
  private readonly frame = viewChild.required<ElementRef<HTMLElement>>('frame');
  private readonly mcp = inject(McpClientService);
  protected readonly state = signal<'loading' | 'mounted' | 'live' | 'failed'>('loading');
  protected readonly failure = signal<string | null>(null);
  protected readonly refusals = signal<readonly Refusal[]>([]);
  protected readonly refusalCount = signal(0);
  /** How many refusals of each kind, in the order first seen (the list keeps only the newest). */
  protected readonly refusalKinds = signal<readonly (readonly [string, number])[]>([]);
  protected readonly logs = signal<readonly Log[]>([]);

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const subscription = this.mcp.appView(this.tool(), this.call(), this.frame().nativeElement).subscribe({
        next: (event) => {
          switch (event.type) {
            case 'mounted':
              this.state.set('mounted');
              break;
            case 'initialized':
              this.state.set('live');
              break;
            case 'refused':
              this.refusalCount.update((count) => count + 1);
              this.refusalKinds.update((kinds) =>
                kinds.some(([kind]) => kind === event.refusal)
                  ? kinds.map(([kind, count]) => [kind, kind === event.refusal ? count + 1 : count] as const)
                  : [...kinds, [event.refusal, 1] as const],
              );
              this.refusals.update((list) => [...list.slice(-(LINES_KEPT - 1)), event]);
              break;
            case 'log':
              this.logs.update((list) => [...list.slice(-(LINES_KEPT - 1)), event]);
              break;
            default:
              break;
          }
        },
        error: (error: unknown) => {
          this.state.set('failed');
          this.failure.set(error instanceof Error ? error.message : String(error));
        },
      });
      destroyRef.onDestroy(() => {
        subscription.unsubscribe();
      });
    });
  }

  /** A log line's data as text. */
  protected text(data: unknown): string {
    return typeof data === 'string' ? data : JSON.stringify(data);
  }
}

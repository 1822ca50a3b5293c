/**
 * The server's log messages (`notifications/message`) as they arrive, newest on top, and
 * the level asked of the server (`logging/setLevel`). Log data is any JSON: strings are shown as
 * they are, anything else as JSON text.
 */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { LoggingLevel } from 'rxjs-mcp-stdio/session';
import { McpClientService } from './mcpClient.service';

const LEVELS: readonly LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/** The live log panel. */
@Component({
  selector: 'mcp-log-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel logs">
      <header class="panel-head">
        <h2>Server log</h2>
        <label class="inline">
          level
          <select name="log-level" (change)="setLevel($event)">
            @for (level of levels; track level) {
              <option [value]="level" [selected]="level === mcp.logLevel()">{{ level }}</option>
            }
          </select>
        </label>
      </header>
      <ol class="log-lines">
        @for (entry of logs(); track $index) {
          <li class="log-line" [attr.data-level]="entry.level">
            <time>{{ entry.receivedAt.toLocaleTimeString() }}</time>
            <span class="log-level">{{ entry.level }}</span>
            @if (entry.logger) {
              <span class="log-logger">{{ entry.logger }}</span>
            }
            <span class="log-data">{{ text(entry.data) }}</span>
          </li>
        } @empty {
          <li class="muted">No log messages yet (try toggle-simulated-logging).</li>
        }
      </ol>
    </section>
  `,
})
export class LogPanelComponent {
  protected readonly mcp = inject(McpClientService);
  private readonly oldestFirst = toSignal(this.mcp.logs$, { initialValue: [] });
  /** Newest first, so a new line is seen without scrolling. */
  protected readonly logs = computed(() => [...this.oldestFirst()].reverse());
  protected readonly levels = LEVELS;

  protected setLevel(event: Event): void {
    this.mcp.setLogLevel((event.target as HTMLSelectElement).value as LoggingLevel);
  }

  protected text(data: unknown): string {
    return typeof data === 'string' ? data : JSON.stringify(data);
  }
}

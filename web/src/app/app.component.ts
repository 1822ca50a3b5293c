/**
 * The page: a status line, the server's info and tools (a form each) on the left, the calls and
 * the server's log on the right. It holds only the list of calls; the session and everything
 * derived from it live in `McpClientService`, read here through `toSignal()`.
 */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { CallCardComponent } from './callCard.component';
import { LogPanelComponent } from './logPanel.component';
import { McpClientService } from './mcpClient.service';
import { ToolCall } from './toolCall';
import { ToolFormComponent } from './toolForm.component';

/** The root component. */
@Component({
  selector: 'mcp-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CallCardComponent, LogPanelComponent, ToolFormComponent],
  template: `
    <header class="top">
      <h1>MCP in the browser <span class="muted">rxjs-mcp-stdio · mcpSession over webSocket()</span></h1>
      <p class="status" [attr.data-state]="status().state">
        <span class="dot"></span>
        @switch (status().state) {
          @case ('connecting') {
            Connecting to the server…
          }
          @case ('ready') {
            Connected to {{ serverName() }}
            @if (restarts() > 0) {
              (restarted {{ restarts() }}×)
            }
          }
          @case ('disconnected') {
            The server is gone: {{ reason() }}. Reconnecting…
          }
          @case ('unavailable') {
            {{ reason() }}
          }
        }
        <button
          type="button"
          class="secondary"
          (click)="mcp.restart()"
          [disabled]="status().state === 'unavailable'"
        >
          Restart server
        </button>
      </p>
    </header>
    <main class="columns">
      <section class="column">
        <section class="panel server">
          <h2>Server</h2>
          @if (session(); as s) {
            <dl class="facts">
              <dt>name</dt>
              <dd class="server-name">{{ s.serverInfo.name }}</dd>
              <dt>version</dt>
              <dd>{{ s.serverInfo.version }}</dd>
              <dt>protocol</dt>
              <dd>{{ s.protocolVersion }}</dd>
              <dt>capabilities</dt>
              <dd>{{ capabilities() }}</dd>
            </dl>
            @if (s.instructions) {
              <details class="instructions">
                <summary>Instructions</summary>
                <pre>{{ s.instructions }}</pre>
              </details>
            }
          } @else {
            <p class="muted">No session.</p>
          }
        </section>
        <section class="panel tools">
          <h2>
            Tools <span class="count">{{ tools().length }}</span>
          </h2>
          @for (tool of tools(); track tool.name) {
            <details class="tool" [attr.data-tool]="tool.name">
              <summary>
                <span class="tool-name">{{ tool.name }}</span>
                @if (tool.title) {
                  <span class="muted">{{ tool.title }}</span>
                }
              </summary>
              @if (tool.description) {
                <p class="tool-description">{{ tool.description }}</p>
              }
              <mcp-tool-form
                [tool]="tool"
                [disabled]="status().state !== 'ready'"
                (call)="start(tool.name, $event)"
              />
            </details>
          } @empty {
            <p class="muted">No tools yet.</p>
          }
        </section>
      </section>
      <section class="column">
        <section class="panel calls">
          <h2>Calls</h2>
          @for (call of calls(); track call.id) {
            <mcp-call-card [call]="call" />
          } @empty {
            <p class="muted">Open a tool on the left and call it.</p>
          }
        </section>
        <mcp-log-panel />
      </section>
    </main>
  `,
})
export class AppComponent {
  protected readonly mcp = inject(McpClientService);
  protected readonly status = this.mcp.status;
  protected readonly session = toSignal(this.mcp.session$, { initialValue: null });
  protected readonly tools = toSignal(this.mcp.tools$, { initialValue: [] });
  protected readonly calls = signal<readonly ToolCall[]>([]);
  private nextCallId = 1;

  protected readonly serverName = computed(() => {
    const status = this.status();
    return status.state === 'ready' ? `${status.server.name} ${status.server.version}` : '';
  });
  protected readonly restarts = computed(() => {
    const status = this.status();
    return status.state === 'ready' ? status.restarts : 0;
  });
  protected readonly reason = computed(() => {
    const status = this.status();
    return status.state === 'disconnected' || status.state === 'unavailable' ? status.reason : '';
  });
  protected readonly capabilities = computed(() =>
    Object.keys(this.session()?.serverCapabilities ?? {}).join(', '),
  );

  /** Starts a call and shows its card first. */
  protected start(tool: string, args: Record<string, unknown>): void {
    const call = new ToolCall(this.nextCallId++, tool, args);
    call.start(this.mcp.callTool(tool, args));
    this.calls.update((calls) => [call, ...calls]);
  }
}

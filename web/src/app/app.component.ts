/**
 * The page: a status line, the server's info and tools (a form each) on the left, the calls and
 * the server's log on the right. It holds only the list of calls (plain calls and tasks, each with
 * its own card); the session and everything derived from it live in `McpClientService`, read here
 * through `toSignal()`. A server question that belongs to no task is shown above the calls.
 */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { toolViewUri, type Tool } from 'rxjs-mcp-stdio/session';
import { AppViewComponent } from './appView.component';
import { CallCardComponent } from './callCard.component';
import { ElicitationFormComponent } from './elicitationForm.component';
import { LogPanelComponent } from './logPanel.component';
import { McpClientService } from './mcpClient.service';
import { TaskCall } from './taskCall';
import { TaskCardComponent } from './taskCard.component';
import { taskModeOf } from './taskSupport';
import { ToolCall } from './toolCall';
import { ToolFormComponent, type ToolCallRequest } from './toolForm.component';

/** A card in the calls column: a plain call or a task. */
type CallEntry =
  | { readonly kind: 'plain'; readonly call: ToolCall; readonly view: Tool | null }
  | { readonly kind: 'task'; readonly call: TaskCall };

/** The root component. */
@Component({
  selector: 'mcp-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AppViewComponent,
    CallCardComponent,
    ElicitationFormComponent,
    LogPanelComponent,
    TaskCardComponent,
    ToolFormComponent,
  ],
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
                @if (taskMode(tool) !== 'plain') {
                  <span class="task-tag" [attr.title]="'task support: ' + taskMode(tool)">task</span>
                }
              </summary>
              @if (tool.description) {
                <p class="tool-description">{{ tool.description }}</p>
              }
              <mcp-tool-form
                [tool]="tool"
                [disabled]="status().state !== 'ready'"
                [taskMode]="taskMode(tool)"
                (call)="start(tool.name, $event)"
              />
            </details>
          } @empty {
            <p class="muted">No tools yet.</p>
          }
        </section>
      </section>
      <section class="column">
        @if (openQuestions().length > 0) {
          <section class="panel questions">
            <h2>The server asks</h2>
            @for (question of openQuestions(); track question.id) {
              <mcp-elicitation-form [elicitation]="question" />
            }
          </section>
        }
        <section class="panel calls">
          <h2>Calls</h2>
          @for (entry of calls(); track entry.call.id) {
            @if (entry.kind === 'task') {
              <mcp-task-card [call]="entry.call" />
            } @else if (entry.view !== null) {
              <div class="with-view" [attr.data-call]="entry.call.id">
                <mcp-call-card [call]="entry.call" />
                <mcp-app-view [tool]="entry.view" [call]="entry.call" />
                <button type="button" class="close-card" (click)="close(entry.call.id)">Close</button>
              </div>
            } @else {
              <mcp-call-card [call]="entry.call" />
            }
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
  protected readonly calls = signal<readonly CallEntry[]>([]);
  /** The server's questions that belong to no task (a task's are shown on its card). */
  protected readonly openQuestions = computed(() =>
    this.mcp.elicitations.pending().filter((question) => question.taskId === null),
  );
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

  /** How `tool` can run as a task on the current server. */
  protected taskMode(tool: Tool) {
    return taskModeOf(tool, this.session()?.serverCapabilities);
  }

  /** Starts a call (or a task) and shows its card first. */
  protected start(tool: string, { args, asTask }: ToolCallRequest): void {
    let entry: CallEntry;
    if (asTask) {
      const call = new TaskCall(this.nextCallId++, tool, args);
      call.start(this.mcp.taskCallDeps(tool, args));
      entry = { kind: 'task', call };
    } else {
      const call = new ToolCall(this.nextCallId++, tool, args);
      call.start(this.mcp.callTool(tool, args));
      // A tool with an MCP App view (`_meta.ui.resourceUri`) shows it beside its card.
      const declared = this.tools().find((candidate) => candidate.name === tool);
      entry = {
        kind: 'plain',
        call,
        view: declared !== undefined && toolViewUri(declared) !== undefined ? declared : null,
      };
    }
    this.calls.update((calls) => [entry, ...calls]);
  }

  /** Closes a card: its call is cancelled if running, its view torn down. */
  protected close(id: number): void {
    const entry = this.calls().find((candidate) => candidate.call.id === id);
    if (entry?.kind === 'plain') entry.call.cancel();
    this.calls.update((calls) => calls.filter((candidate) => candidate.call.id !== id));
  }
}

/**
 * One tool call run as a task, as a card: the task id, its status as the server reports it
 * (working → input_required → … → completed), every status message as a step in a live list,
 * progress where the server sends it, the server's questions for this task as forms, Cancel
 * (`tasks/cancel`) while it runs, then the result. Everything from the server is interpolated, so
 * it shows as text.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ElicitationFormComponent } from './elicitationForm.component';
import { McpClientService } from './mcpClient.service';
import { ProgressBarComponent } from './progressBar.component';
import { ResultViewComponent } from './resultView.component';
import type { TaskCall } from './taskCall';

/** A task's card. */
@Component({
  selector: 'mcp-task-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ElicitationFormComponent, ProgressBarComponent, ResultViewComponent],
  template: `
    @let c = call();
    <article
      class="card call task"
      [class.is-error]="c.result()?.isError === true || c.state() === 'failed'"
      [attr.data-tool]="c.tool"
      [attr.data-state]="c.state()"
      [attr.data-status]="status()"
      [attr.data-task-id]="c.task()?.taskId"
      [attr.data-call]="c.id"
    >
      <header class="call-head">
        <span class="call-tool">{{ c.tool }}</span>
        <span class="task-tag">task</span>
        <code class="call-args">{{ argsText() }}</code>
        <span class="badge" [attr.data-state]="c.state()">{{ status() }}</span>
        @if (c.state() === 'running') {
          <button type="button" class="cancel" (click)="c.cancel()">Cancel</button>
        }
      </header>
      <p class="task-facts">
        @if (c.task(); as task) {
          task <code class="task-id">{{ task.taskId }}</code>
          @if (task.pollInterval !== undefined) {
            <span class="muted">· polled every {{ task.pollInterval }} ms</span>
          }
        } @else {
          <span class="muted">creating the task…</span>
        }
      </p>
      @if (c.live() || c.percent() !== null) {
        <mcp-progress-bar [percent]="c.percent()" [indeterminate]="c.percent() === null" />
      }
      <ol class="stages">
        @for (stage of c.stages(); track $index; let last = $last) {
          <li
            class="stage"
            [attr.data-status]="stage.status"
            [class.current]="last && c.live()"
            [class.done]="!last || !c.live()"
          >
            <span class="stage-status">{{ stage.status }}</span>
            @if (stage.message && stage.message !== c.stages()[$index - 1]?.message) {
              <span class="stage-message">{{ stage.message }}</span>
            }
          </li>
        }
      </ol>
      @if (c.live()) {
        @for (question of questions(); track question.id) {
          <mcp-elicitation-form [elicitation]="question" />
        }
      }
      @if (c.result(); as result) {
        <mcp-result-view [result]="result" />
      }
      @if (c.failure(); as failure) {
        <p class="failure">{{ failure }}</p>
      }
    </article>
  `,
})
export class TaskCardComponent {
  private readonly mcp = inject(McpClientService);
  /** The task call shown. */
  readonly call = input.required<TaskCall>();
  /** Its arguments, as compact JSON. */
  protected readonly argsText = computed(() => JSON.stringify(this.call().args));
  /** The server's pending questions for this task. */
  protected readonly questions = computed(() => {
    const taskId = this.call().task()?.taskId;
    return this.mcp.elicitations.pending().filter((question) => question.taskId === taskId);
  });
  /** The badge: the task's status as the server reports it (or what the page knows). */
  protected readonly status = computed(() => {
    const call = this.call();
    switch (call.state()) {
      case 'starting':
        return 'creating';
      case 'cancelling':
        return 'cancelling';
      case 'cancelled':
        return 'cancelled';
      case 'failed':
        return 'failed';
      case 'done':
        return call.result()?.isError === true ? 'tool error' : 'completed';
      case 'running':
        return call.task()?.status ?? 'working';
    }
  });
}

/**
 * One tool call as a card: its arguments, a live progress bar, Cancel while it runs, then its
 * result (`ResultViewComponent`). Every server string is interpolated (`{{ }}`), which Angular renders as text, so a
 * result that holds markup shows the markup and runs nothing.
 */
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ProgressBarComponent } from './progressBar.component';
import { ResultViewComponent } from './resultView.component';
import type { ToolCall } from './toolCall';

/** A call's card. */
@Component({
  selector: 'mcp-call-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProgressBarComponent, ResultViewComponent],
  template: `
    @let c = call();
    <article
      class="card call"
      [class.is-error]="c.result()?.isError === true || c.state() === 'failed'"
      [attr.data-tool]="c.tool"
      [attr.data-state]="c.state()"
    >
      <header class="call-head">
        <span class="call-tool">{{ c.tool }}</span>
        <code class="call-args">{{ argsText() }}</code>
        <span class="badge" [attr.data-state]="c.state()">{{ stateLabel() }}</span>
        @if (c.state() === 'running') {
          <button type="button" class="cancel" (click)="c.cancel()">Cancel</button>
        }
      </header>
      <mcp-progress-bar
        [percent]="c.percent()"
        [indeterminate]="c.percent() === null && c.state() === 'running'"
      />
      @if (c.progress(); as p) {
        <p class="call-progress">
          step {{ p.progress }}
          @if (p.total !== undefined) {
            of {{ p.total }}
          }
          @if (p.message) {
            — {{ p.message }}
          }
        </p>
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
export class CallCardComponent {
  /** The call shown. */
  readonly call = input.required<ToolCall>();
  /** Its arguments, as compact JSON. */
  protected readonly argsText = computed(() => JSON.stringify(this.call().args));
  /** The badge's text. */
  protected readonly stateLabel = computed(() => {
    const call = this.call();
    switch (call.state()) {
      case 'running':
        return call.percent() === null ? 'running' : `${call.percent()}%`;
      case 'done':
        return call.result()?.isError === true ? 'tool error' : 'done';
      case 'failed':
        return 'failed';
      case 'cancelled':
        return 'cancelled';
    }
  });
}

/**
 * A server's question (`elicitation/create`) as a small form: its message, one input per property
 * of its `requestedSchema` (the same mapping as the tool forms), and Submit / Decline / Dismiss,
 * which answer `accept` with the content, `decline` or `cancel`. The message and the schema's
 * titles and descriptions come from the server and are interpolated, so they show as text. A URL
 * request (`mode: 'url'`) is shown but never opened: the demo only lets the user decline it.
 */
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, signal } from '@angular/core';
import type { Tool } from 'rxjs-mcp-stdio/session';
import type { PendingElicitation } from './elicitations';
import { FieldInputComponent } from './fieldInput.component';
import { argumentsFrom, fieldsOf, initialValues, type FieldValues } from './schemaFields';

/** One pending question's form. */
@Component({
  selector: 'mcp-elicitation-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FieldInputComponent],
  template: `
    @let e = elicitation();
    <form class="elicitation" [attr.data-elicitation]="e.id" (submit)="accept($event)">
      <p class="elicitation-message">
        <span class="elicitation-label">The server asks:</span> {{ e.params.message }}
      </p>
      @if (url(); as url) {
        <p class="muted">
          It asks you to open <code>{{ url }}</code>; this demo does not open links.
        </p>
      } @else {
        @for (field of fields(); track field.name) {
          <mcp-field-input
            [field]="field"
            [value]="values()[field.name]"
            (changed)="set(field.name, $event)"
          />
        }
      }
      <div class="form-actions">
        @if (url() === null) {
          <button type="submit">Submit</button>
        }
        <button type="button" class="secondary" (click)="answer('decline')">Decline</button>
        <button type="button" class="secondary" (click)="answer('cancel')">Dismiss</button>
        @if (problem(); as problem) {
          <span class="form-problem">{{ problem }}</span>
        }
      </div>
    </form>
  `,
})
export class ElicitationFormComponent {
  /** The question answered by this form. */
  readonly elicitation = input.required<PendingElicitation>();

  /** The URL of a URL-mode request, else `null`. */
  protected readonly url = computed(() => {
    const params = this.elicitation().params;
    return params.mode === 'url' ? params.url : null;
  });
  protected readonly fields = computed(() => {
    const params = this.elicitation().params;
    return params.mode === 'url' ? [] : fieldsOf(params.requestedSchema as Tool['inputSchema']);
  });
  protected readonly values = linkedSignal<FieldValues>(() => initialValues(this.fields()));
  protected readonly problem = signal<string | null>(null);

  protected set(name: string, value: string | boolean): void {
    this.values.update((values) => ({ ...values, [name]: value }));
  }

  protected accept(event: Event): void {
    event.preventDefault();
    const parsed = argumentsFrom(this.fields(), this.values());
    if (!parsed.ok) {
      this.problem.set(parsed.error);
      return;
    }
    this.elicitation().answer({
      action: 'accept',
      content: parsed.args as Record<string, string | number | boolean>,
    });
  }

  protected answer(action: 'decline' | 'cancel'): void {
    this.elicitation().answer({ action });
  }
}

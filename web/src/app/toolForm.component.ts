/**
 * A form generated from a tool's input schema (see `schemaFields.ts`): one input per property,
 * values kept in a signal reset whenever the tool changes, and a `call` output with the
 * arguments once they parse. A problem (a required field empty, a number that is not one) is
 * shown beside the button and nothing is sent.
 *
 * Where the server and the tool allow tasks (`taskSupport.ts`), the form offers it: a "Run as
 * task" toggle when the tool's task support is `optional`, and only a task when it is `required`.
 */
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import type { Tool } from 'rxjs-mcp-stdio/session';
import { FieldInputComponent } from './fieldInput.component';
import { argumentsFrom, fieldsOf, initialValues, type FieldValues } from './schemaFields';
import type { TaskMode } from './taskSupport';

/** What a submitted form asks for. */
export interface ToolCallRequest {
  /** The tool's arguments. */
  readonly args: Record<string, unknown>;
  /** Whether to run the call as a task. */
  readonly asTask: boolean;
}

/** A tool's form. */
@Component({
  selector: 'mcp-tool-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FieldInputComponent],
  template: `
    <form class="tool-form" (submit)="submit($event)">
      @for (field of fields(); track field.name) {
        <mcp-field-input [field]="field" [value]="values()[field.name]" (changed)="set(field.name, $event)" />
      }
      @if (taskMode() === 'optional') {
        <label class="field run-as-task">
          <span class="field-name">Run as task</span>
          <input type="checkbox" name="run-as-task" [checked]="asTask()" (change)="toggleTask($event)" />
          <small class="muted">statuses, stages, and Cancel through tasks/cancel</small>
        </label>
      }
      <div class="form-actions">
        <button type="submit" [disabled]="disabled()">
          @if (asTask()) {
            Run {{ tool().name }} as task
          } @else {
            Call {{ tool().name }}
          }
        </button>
        @if (problem(); as problem) {
          <span class="form-problem">{{ problem }}</span>
        }
      </div>
    </form>
  `,
})
export class ToolFormComponent {
  /** The tool whose input schema shapes the form. */
  readonly tool = input.required<Tool>();
  /** Whether calling is possible now (no session: disabled). */
  readonly disabled = input(false);
  /** Whether the tool can, must or cannot run as a task on this server. */
  readonly taskMode = input<TaskMode>('plain');
  /** The arguments (and whether to run as a task), each time the form is submitted with valid values. */
  readonly call = output<ToolCallRequest>();

  protected readonly fields = computed(() => fieldsOf(this.tool().inputSchema));
  protected readonly values = linkedSignal<FieldValues>(() => initialValues(this.fields()));
  /** Whether the next call runs as a task: always when required, by the toggle when optional. */
  protected readonly asTask = linkedSignal<boolean>(() => this.taskMode() === 'required');
  protected readonly problem = signal<string | null>(null);

  protected set(name: string, value: string | boolean): void {
    this.values.update((values) => ({ ...values, [name]: value }));
  }

  protected toggleTask(event: Event): void {
    this.asTask.set((event.target as HTMLInputElement).checked);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const parsed = argumentsFrom(this.fields(), this.values());
    if (!parsed.ok) {
      this.problem.set(parsed.error);
      return;
    }
    this.problem.set(null);
    this.call.emit({ args: parsed.args, asTask: this.taskMode() !== 'plain' && this.asTask() });
  }
}

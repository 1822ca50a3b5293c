/**
 * A form generated from a tool's input schema (see `schemaFields.ts`): one input per property,
 * values kept in a signal reset whenever the tool changes, and a `call` output with the
 * arguments once they parse. A problem (a required field empty, a number that is not one) is
 * shown beside the button and nothing is sent.
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
import { argumentsFrom, fieldsOf, initialValues, type FieldValues } from './schemaFields';

/** The value of the input an event came from. */
const valueOf = (event: Event): string => (event.target as HTMLInputElement).value;
/** Whether the checkbox an event came from is checked. */
const checkedOf = (event: Event): boolean => (event.target as HTMLInputElement).checked;

/** A tool's form. */
@Component({
  selector: 'mcp-tool-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="tool-form" (submit)="submit($event)">
      @for (field of fields(); track field.name) {
        <label class="field">
          <span class="field-name"
            >{{ field.name }}
            @if (field.required) {
              <span class="required">*</span>
            }
          </span>
          @switch (field.kind) {
            @case ('boolean') {
              <input
                type="checkbox"
                [name]="field.name"
                [checked]="values()[field.name] === true"
                (change)="set(field.name, checkedOf($event))"
              />
            }
            @case ('choice') {
              <select [name]="field.name" (change)="set(field.name, valueOf($event))">
                @for (choice of field.choices; track choice) {
                  <option [value]="choice" [selected]="values()[field.name] === choice">{{ choice }}</option>
                }
              </select>
            }
            @case ('json') {
              <textarea
                [name]="field.name"
                rows="2"
                placeholder="JSON"
                [value]="values()[field.name]"
                (input)="set(field.name, valueOf($event))"
              ></textarea>
            }
            @default {
              <input
                [type]="field.kind === 'text' ? 'text' : 'number'"
                [name]="field.name"
                [value]="values()[field.name]"
                (input)="set(field.name, valueOf($event))"
              />
            }
          }
          @if (field.description) {
            <small class="muted">{{ field.description }}</small>
          }
        </label>
      }
      <div class="form-actions">
        <button type="submit" [disabled]="disabled()">Call {{ tool().name }}</button>
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
  /** The arguments, each time the form is submitted with valid values. */
  readonly call = output<Record<string, unknown>>();

  protected readonly fields = computed(() => fieldsOf(this.tool().inputSchema));
  protected readonly values = linkedSignal<FieldValues>(() => initialValues(this.fields()));
  protected readonly problem = signal<string | null>(null);
  protected readonly valueOf = valueOf;
  protected readonly checkedOf = checkedOf;

  protected set(name: string, value: string | boolean): void {
    this.values.update((values) => ({ ...values, [name]: value }));
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const parsed = argumentsFrom(this.fields(), this.values());
    if (!parsed.ok) {
      this.problem.set(parsed.error);
      return;
    }
    this.problem.set(null);
    this.call.emit(parsed.args);
  }
}

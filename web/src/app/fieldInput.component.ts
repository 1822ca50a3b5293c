/**
 * The input of one schema field (see `schemaFields.ts`), shared by the tool forms and the
 * elicitation forms so both render a schema the same way. It holds no state: the value comes in,
 * each edit goes out. Labels, descriptions and choices come from a server and are interpolated,
 * so they show as text.
 */
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { ToolField } from './schemaFields';

/** The value of the input an event came from. */
const valueOf = (event: Event): string => (event.target as HTMLInputElement).value;
/** Whether the checkbox an event came from is checked. */
const checkedOf = (event: Event): boolean => (event.target as HTMLInputElement).checked;

/** One labelled input. */
@Component({
  selector: 'mcp-field-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let f = field();
    <label class="field">
      <span class="field-name"
        >{{ f.title }}
        @if (f.required) {
          <span class="required">*</span>
        }
      </span>
      @switch (f.kind) {
        @case ('boolean') {
          <input
            type="checkbox"
            [name]="f.name"
            [checked]="value() === true"
            (change)="changed.emit(checkedOf($event))"
          />
        }
        @case ('choice') {
          <select [name]="f.name" (change)="changed.emit(valueOf($event))">
            @if (f.initial === '') {
              <option value="" [selected]="value() === ''">—</option>
            }
            @for (choice of f.choices; track choice; let i = $index) {
              <option [value]="choice" [selected]="value() === choice">{{ f.choiceLabels[i] }}</option>
            }
          </select>
        }
        @case ('json') {
          <textarea
            [name]="f.name"
            rows="2"
            placeholder="JSON"
            [value]="value()"
            (input)="changed.emit(valueOf($event))"
          ></textarea>
        }
        @default {
          <input
            [type]="f.kind === 'text' ? 'text' : 'number'"
            [name]="f.name"
            [value]="value()"
            (input)="changed.emit(valueOf($event))"
          />
        }
      }
      @if (f.description) {
        <small class="muted">{{ f.description }}</small>
      }
    </label>
  `,
})
export class FieldInputComponent {
  /** The field shown. */
  readonly field = input.required<ToolField>();
  /** Its current value. */
  readonly value = input.required<string | boolean>();
  /** Each new value, as the user edits it. */
  readonly changed = output<string | boolean>();

  protected readonly valueOf = valueOf;
  protected readonly checkedOf = checkedOf;
}

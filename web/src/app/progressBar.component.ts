/**
 * The progress bar of a call or a task card: one markup for both (styles in styles.css: `.bar`,
 * `.bar-fill`, `.indeterminate`); the percentage comes from `progressPercent()`.
 */
import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** An accessible progress bar; indeterminate (a sliding stripe) while asked to be. */
@Component({
  selector: 'mcp-progress-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      class="bar"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      [attr.aria-valuenow]="percent()"
      [class.indeterminate]="indeterminate()"
    >
      <div class="bar-fill" [style.width.%]="percent() ?? 0"></div>
    </div>
  `,
})
export class ProgressBarComponent {
  /** 0..100, or `null` when unknown. */
  readonly percent = input.required<number | null>();
  /** Whether to show the sliding stripe instead of a width. */
  readonly indeterminate = input(false);
}

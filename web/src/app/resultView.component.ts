/**
 * A tool's result: each content item by kind (text, image, resource link, embedded resource), and
 * `isError` said in words. Shared by plain call cards and task cards. Every server string is
 * interpolated (`{{ }}`), which Angular renders as text, so markup in a result stays inert.
 */
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { CallToolResult } from 'rxjs-mcp-stdio/session';
import { contentViews } from './resultContent';

/** A result's content. */
@Component({
  selector: 'mcp-result-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="result">
      @if (result().isError) {
        <p class="result-error-label">The tool reported an error:</p>
      }
      @for (item of views(); track $index) {
        @switch (item.kind) {
          @case ('text') {
            <pre class="result-text">{{ item.text }}</pre>
          }
          @case ('image') {
            <img class="result-image" [src]="item.src" [alt]="'image (' + item.mimeType + ')'" />
          }
          @case ('link') {
            <p class="result-link">
              <span class="link-name">{{ item.name }}</span> <code>{{ item.uri }}</code>
              @if (item.description) {
                <span class="muted">{{ item.description }}</span>
              }
            </p>
          }
          @case ('resource') {
            <div class="result-resource">
              <code>{{ item.uri }}</code>
              <pre class="result-text">{{ item.text }}</pre>
            </div>
          }
          @case ('other') {
            <div class="result-other">
              <span class="muted">{{ item.type }}</span>
              <pre class="result-text">{{ item.text }}</pre>
            </div>
          }
        }
      }
    </div>
  `,
})
export class ResultViewComponent {
  /** The result shown. */
  readonly result = input.required<CallToolResult>();
  /** Its content items, as view models. */
  protected readonly views = computed(() => contentViews(this.result()));
}

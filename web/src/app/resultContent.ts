/**
 * A tool result's content items as plain view models for the template. Everything stays text
 * (the template interpolates it, never binds HTML); the one URL the page builds is a `data:`
 * URL for a raster image whose MIME type and base64 payload were checked here.
 */
import type { CallToolResult } from 'rxjs-mcp-stdio/session';

/** One content item, ready to render. */
export type ContentView =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly src: string; readonly mimeType: string }
  | { readonly kind: 'link'; readonly name: string; readonly uri: string; readonly description: string }
  | { readonly kind: 'resource'; readonly uri: string; readonly text: string }
  | { readonly kind: 'other'; readonly type: string; readonly text: string };

const RASTER_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The view of each content item of `result`, and its structured content as JSON if any. */
export function contentViews(result: CallToolResult): ContentView[] {
  const views: ContentView[] = result.content.map((item): ContentView => {
    switch (item.type) {
      case 'text':
        return { kind: 'text', text: item.text };
      case 'image':
        return RASTER_IMAGES.has(item.mimeType) && BASE64.test(item.data)
          ? { kind: 'image', src: `data:${item.mimeType};base64,${item.data}`, mimeType: item.mimeType }
          : { kind: 'other', type: `image (${item.mimeType})`, text: 'not shown: not a raster image' };
      case 'resource_link':
        return { kind: 'link', name: item.name, uri: item.uri, description: item.description ?? '' };
      case 'resource':
        return {
          kind: 'resource',
          uri: item.resource.uri,
          text:
            'text' in item.resource ? item.resource.text : `(${item.resource.blob.length} base64 characters)`,
        };
      default:
        return { kind: 'other', type: item.type, text: JSON.stringify(item) };
    }
  });
  if (result.structuredContent !== undefined) {
    views.push({
      kind: 'other',
      type: 'structured content',
      text: JSON.stringify(result.structuredContent, null, 2),
    });
  }
  return views;
}

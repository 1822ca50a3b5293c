/**
 * A tool result's content as the card renders it: text stays text, only a checked raster image
 * becomes a `data:` URL, links and embedded resources are shown by their URIs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentViews } from '../src/app/resultContent.js';

describe('result content views', () => {
  it('keeps text as text, markup included', () => {
    const text = '<img src=x onerror=alert(1)>';
    assert.deepEqual(contentViews({ content: [{ type: 'text', text }] }), [{ kind: 'text', text }]);
  });

  it('makes a data URL of a base64 raster image only', () => {
    const png = { type: 'image' as const, data: 'iVBORw0KGgo=', mimeType: 'image/png' };
    assert.deepEqual(contentViews({ content: [png] }), [
      { kind: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', mimeType: 'image/png' },
    ]);
    const svg = { type: 'image' as const, data: 'PHN2Zz4=', mimeType: 'image/svg+xml' };
    assert.equal(contentViews({ content: [svg] })[0].kind, 'other');
    const smuggled = { type: 'image' as const, data: 'AAAA"><script>', mimeType: 'image/png' };
    assert.equal(contentViews({ content: [smuggled] })[0].kind, 'other');
  });

  it('shows resource links, embedded resources and structured content', () => {
    const views = contentViews({
      content: [
        { type: 'resource_link', uri: 'demo://resource/1', name: 'Resource 1', description: 'first' },
        { type: 'resource', resource: { uri: 'demo://resource/2', text: 'hello' } },
        { type: 'resource', resource: { uri: 'demo://resource/3', blob: 'AAAA' } },
      ],
      structuredContent: { sum: 3 },
    });
    assert.deepEqual(views, [
      { kind: 'link', name: 'Resource 1', uri: 'demo://resource/1', description: 'first' },
      { kind: 'resource', uri: 'demo://resource/2', text: 'hello' },
      { kind: 'resource', uri: 'demo://resource/3', text: '(4 base64 characters)' },
      { kind: 'other', type: 'structured content', text: '{\n  "sum": 3\n}' },
    ]);
  });
});

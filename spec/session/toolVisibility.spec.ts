import fc from 'fast-check';
import {
  isToolCallableByApp,
  isToolVisibleToModel,
  toolViewUri,
  toolVisibility,
} from '../../lib/session/index.js';
import { DEFAULT_TOOL_VISIBILITY } from '../../lib/session/toolVisibility.js';

const withUi = (ui: unknown): { _meta: Record<string, unknown> } => ({ _meta: { ui } });

describe('tool visibility (MCP Apps _meta.ui.visibility)', () => {
  it('defaults to both audiences, as the spec says, when a tool declares none', () => {
    for (const tool of [{}, { _meta: {} }, withUi({}), withUi({ resourceUri: 'ui://a/b' })]) {
      expect(toolVisibility(tool)).toEqual(['model', 'app']);
      expect(isToolVisibleToModel(tool)).toBe(true);
      expect(isToolCallableByApp(tool)).toBe(true);
    }
    expect(DEFAULT_TOOL_VISIBILITY).toEqual(['model', 'app']);
  });

  it('reads an app-only, a model-only and an empty list', () => {
    expect(toolVisibility(withUi({ visibility: ['app'] }))).toEqual(['app']);
    expect(isToolVisibleToModel(withUi({ visibility: ['app'] }))).toBe(false);
    expect(isToolCallableByApp(withUi({ visibility: ['app'] }))).toBe(true);
    expect(isToolVisibleToModel(withUi({ visibility: ['model'] }))).toBe(true);
    expect(isToolCallableByApp(withUi({ visibility: ['model'] }))).toBe(false);
    // An explicit empty list is a tool for nobody, not the default.
    expect(toolVisibility(withUi({ visibility: [] }))).toEqual([]);
    expect(toolVisibility(withUi({ visibility: ['app', 'model', 'app'] }))).toEqual(['model', 'app']);
  });

  it('reads malformed metadata from a server as absent, and ignores unknown audiences', () => {
    for (const ui of [
      null,
      'app',
      ['app'],
      { visibility: 'app' },
      { visibility: [1] },
      { visibility: null },
    ]) {
      expect(toolVisibility(withUi(ui))).toEqual(['model', 'app']);
    }
    expect(toolVisibility(withUi({ visibility: ['app', 'robot'] }))).toEqual(['app']);
    expect(toolVisibility(withUi({ visibility: ['robot'] }))).toEqual([]);
  });

  it('is the audiences the list names, whatever else it holds (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('model', 'app'), fc.string())), (visibility) => {
        const seen = toolVisibility(withUi({ visibility }));
        expect(seen.includes('model')).toBe(visibility.includes('model'));
        expect(seen.includes('app')).toBe(visibility.includes('app'));
        expect(isToolVisibleToModel(withUi({ visibility }))).toBe(visibility.includes('model'));
        expect(isToolCallableByApp(withUi({ visibility }))).toBe(visibility.includes('app'));
      }),
    );
  });

  it('finds the view of a tool: _meta.ui.resourceUri first, the flat key second, ui:// only', () => {
    expect(toolViewUri(withUi({ resourceUri: 'ui://system-monitor/mcp-app.html' }))).toBe(
      'ui://system-monitor/mcp-app.html',
    );
    expect(toolViewUri({ _meta: { 'ui/resourceUri': 'ui://old/view' } })).toBe('ui://old/view');
    expect(toolViewUri({ _meta: { ui: { resourceUri: 'ui://new' }, 'ui/resourceUri': 'ui://old' } })).toBe(
      'ui://new',
    );
    for (const tool of [
      {},
      withUi({}),
      withUi({ resourceUri: 'https://example.com/x' }),
      withUi({ resourceUri: 3 }),
    ]) {
      expect(toolViewUri(tool)).toBeUndefined();
    }
  });
});

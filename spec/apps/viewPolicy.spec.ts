import fc from 'fast-check';
import { viewPolicy, withContentSecurityPolicy } from '../../lib/apps/viewPolicy.js';

const directive = (policy: string, name: string): string | undefined =>
  policy
    .split('; ')
    .find((entry) => entry.startsWith(`${name} `))
    ?.slice(name.length + 1);

describe('viewPolicy: a view’s CSP from _meta.ui.csp, deny by default', () => {
  it('denies everything a view did not declare', () => {
    const { contentSecurityPolicy, allow, refused } = viewPolicy(undefined, undefined);
    expect(directive(contentSecurityPolicy, 'default-src')).toBe("'none'");
    expect(directive(contentSecurityPolicy, 'connect-src')).toBe("'none'");
    expect(directive(contentSecurityPolicy, 'frame-src')).toBe("'none'");
    expect(directive(contentSecurityPolicy, 'base-uri')).toBe("'none'");
    expect(directive(contentSecurityPolicy, 'script-src')).toBe("'unsafe-inline'");
    expect(directive(contentSecurityPolicy, 'img-src')).toBe('data: blob:');
    expect(allow).toBe('');
    expect(refused).toEqual([]);
  });

  it('opens exactly the declared origins, each to its own directives', () => {
    const { contentSecurityPolicy } = viewPolicy({
      connectDomains: ['https://api.example.com', 'wss://live.example.com:8443'],
      resourceDomains: ['https://*.cdn.example.com'],
      frameDomains: ['https://maps.example.com'],
    });
    expect(directive(contentSecurityPolicy, 'connect-src')).toBe(
      'https://api.example.com wss://live.example.com:8443',
    );
    expect(directive(contentSecurityPolicy, 'script-src')).toBe("'unsafe-inline' https://*.cdn.example.com");
    expect(directive(contentSecurityPolicy, 'img-src')).toBe('data: blob: https://*.cdn.example.com');
    expect(directive(contentSecurityPolicy, 'frame-src')).toBe('https://maps.example.com');
    expect(directive(contentSecurityPolicy, 'base-uri')).toBe("'none'");
  });

  it('refuses sources that are not plain origins, so a server cannot widen or break the policy', () => {
    const hostile = [
      '*',
      "'unsafe-eval'",
      'https://a.example.com; script-src *',
      'https://a.example.com/path',
      'javascript:',
      'data:',
      'https://a.example.com https://b.example.com',
      'http://x"><script>',
      42,
    ];
    const { contentSecurityPolicy, refused } = viewPolicy({ connectDomains: hostile as string[] });
    expect(directive(contentSecurityPolicy, 'connect-src')).toBe("'none'");
    expect(refused).toEqual(hostile.map(String));
    expect(contentSecurityPolicy.split('; ')).toHaveLength(11);
  });

  it('keeps the policy well formed whatever the declared lists hold (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.string()), (connectDomains, resourceDomains) => {
        const { contentSecurityPolicy, refused } = viewPolicy({ connectDomains, resourceDomains });
        const directives = contentSecurityPolicy.split('; ');
        expect(directives.map((entry) => entry.split(' ')[0])).toEqual([
          'default-src',
          'script-src',
          'style-src',
          'img-src',
          'font-src',
          'media-src',
          'connect-src',
          'frame-src',
          'base-uri',
          'form-action',
          'object-src',
        ]);
        for (const source of contentSecurityPolicy.split(/[; ]+/)) expect(source).not.toMatch(/[",<>]/);
        expect(refused.length).toBeLessThanOrEqual(connectDomains.length + resourceDomains.length);
      }),
    );
  });

  it('maps _meta.ui.permissions to the iframe allow list, and nothing else', () => {
    expect(viewPolicy(undefined, { camera: {}, clipboardWrite: {} }).allow).toBe('camera; clipboard-write');
    expect(viewPolicy(undefined, { microphone: {}, geolocation: {} }).allow).toBe('microphone; geolocation');
    expect(viewPolicy(undefined, { camera: true, usb: {} } as never).allow).toBe('');
  });
});

describe('withContentSecurityPolicy', () => {
  it('puts the policy first, after the doctype, escaped', () => {
    expect(withContentSecurityPolicy('<!DOCTYPE html><html><head>', "default-src 'none'")).toBe(
      `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><html><head>`,
    );
    expect(withContentSecurityPolicy('<script>x()</script>', 'a "b" <c>')).toBe(
      '<!doctype html><meta http-equiv="Content-Security-Policy" content="a &quot;b&quot; &lt;c&gt;"><script>x()</script>',
    );
  });
});

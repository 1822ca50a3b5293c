/**
 * docs/angular.md's browser code is what `npm run test:web` builds into a default Angular 21 app
 * and runs in Chromium (web/e2e/guide.test.ts): web/scripts/angularGuide.mjs reads it from the
 * page itself. Here, in the root suite (no Angular installed): the script finds exactly the
 * service and the component, as the page shows them, and follows the page when it changes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const script = path.join(root, 'web', 'scripts', 'angularGuide.mjs');

/** What the script would write, for a page. */
function guideFiles(doc = path.join(root, 'docs', 'angular.md')): { path: string; code: string }[] {
  const out = execFileSync(process.execPath, [script, '--list', '--doc', doc], { encoding: 'utf8' });
  return JSON.parse(out) as { path: string; code: string }[];
}

describe("docs/angular.md's browser code", () => {
  it('is a root service over webSocket() and a standalone component using it, the first blocks of the page', () => {
    const files = guideFiles();
    expect(files.map((file) => file.path)).toEqual(['src/app/mcp.service.ts', 'src/app/app.ts']);
    const [service, component] = files.map((file) => file.code);
    expect(service).toMatch(/@Injectable\(\{ providedIn: 'root' \}\)/);
    expect(service).toMatch(/mcpSession\(webSocket<JsonRpcMessage>\(relayUrl\)/);
    expect(service).not.toMatch(/from 'rxjs-mcp-stdio'/); // no Node entry in the browser
    expect(component).toMatch(/@Component\(/);
    expect(component).toMatch(/import \{ McpService \} from '\.\/mcp\.service';/);
    expect(component).not.toMatch(/standalone: false/);
    const page = readFileSync(path.join(root, 'docs', 'angular.md'), 'utf8');
    expect(page.indexOf(service)).toBeGreaterThan(0);
    expect(page.indexOf(service)).toBeLessThan(
      page.indexOf('rxjs-mcp-stdio/session', page.indexOf(component)),
    );
  });

  it('follows the page: a changed block is what gets built', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'angular-guide-'));
    try {
      const doc = path.join(dir, 'angular.md');
      const page = readFileSync(path.join(root, 'docs', 'angular.md'), 'utf8');
      writeFileSync(doc, page.replace("{ message: 'hello' }", "{ message: 'changed' }"));
      const component = guideFiles(doc).find((file) => file.path === 'src/app/app.ts');
      expect(component?.code).toContain("{ message: 'changed' }");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

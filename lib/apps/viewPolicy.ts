/**
 * What a view may load: its Content-Security-Policy, built from the resource's `_meta.ui.csp`
 * and denying everything it does not name, and the iframe `allow` list from
 * `_meta.ui.permissions`. Pure, so the policy is tested without a browser.
 */
import type { McpUiResourceCsp, McpUiResourcePermissions } from '@modelcontextprotocol/ext-apps/app-bridge';

/** A source a view may name: an http(s) or ws(s) origin, with at most a leading `*.` wildcard. */
const ORIGIN_SOURCE = /^(https?|wss?):\/\/(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?$/;

/** The policy, and the sources it left out because they were not plain origins. */
export interface McpAppViewPolicy {
  /** The `Content-Security-Policy` value. */
  contentSecurityPolicy: string;
  /** The iframe's `allow` attribute (`''` when the view asks for no permission). */
  allow: string;
  /** Each source of `_meta.ui.csp` that was refused (not an origin: quotes, `;`, paths, `*`...). */
  refused: string[];
}

/** The valid origins of one `_meta.ui.csp` list; the rest go to `refused`. */
function originsOf(list: unknown, refused: string[]): string[] {
  if (!Array.isArray(list)) return [];
  const kept: string[] = [];
  for (const entry of list) {
    if (typeof entry === 'string' && ORIGIN_SOURCE.test(entry)) kept.push(entry);
    else refused.push(String(entry));
  }
  return kept;
}

/**
 * The policy of a view: `default-src 'none'`, inline scripts and styles (a view is one HTML
 * document), and only the origins `_meta.ui.csp` names for resources (`resourceDomains`),
 * connections (`connectDomains`), nested frames (`frameDomains`) and `<base>` (`baseUriDomains`).
 *
 * @example
 * ```ts
 * viewPolicy({ connectDomains: ['https://api.example.com'] }).contentSecurityPolicy;
 * // "default-src 'none'; ... connect-src https://api.example.com; ..."
 * ```
 *
 * @param csp The resource's `_meta.ui.csp`, as the server sent it (anything).
 * @param permissions The resource's `_meta.ui.permissions`.
 * @returns The policy.
 */
export function viewPolicy(
  csp?: McpUiResourceCsp | null,
  permissions?: McpUiResourcePermissions | null,
): McpAppViewPolicy {
  const refused: string[] = [];
  // What a server sent: typed, but only checked here.
  const declared: Partial<Record<keyof McpUiResourceCsp, unknown>> =
    typeof csp === 'object' && csp !== null ? csp : {};
  const resources = originsOf(declared.resourceDomains, refused);
  const connect = originsOf(declared.connectDomains, refused);
  const frames = originsOf(declared.frameDomains, refused);
  const bases = originsOf(declared.baseUriDomains, refused);
  const list = (first: string[], origins: string[]): string => [...first, ...origins].join(' ') || "'none'";
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${list(["'unsafe-inline'"], resources)}`,
    `style-src ${list(["'unsafe-inline'"], resources)}`,
    `img-src ${list(['data:', 'blob:'], resources)}`,
    `font-src ${list(['data:'], resources)}`,
    `media-src ${list(['data:', 'blob:'], resources)}`,
    `connect-src ${list([], connect)}`,
    `frame-src ${list([], frames)}`,
    `base-uri ${list([], bases)}`,
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
  return { contentSecurityPolicy, allow: allowOf(permissions), refused };
}

/** The permissions MCP Apps defines, and their Permissions-Policy features. */
const FEATURES = [
  ['camera', 'camera'],
  ['microphone', 'microphone'],
  ['geolocation', 'geolocation'],
  ['clipboardWrite', 'clipboard-write'],
] as const;

/** The `allow` attribute for `_meta.ui.permissions`: only the features it names, nothing else. */
function allowOf(permissions: unknown): string {
  if (typeof permissions !== 'object' || permissions === null) return '';
  const asked = permissions as Record<string, unknown>;
  return FEATURES.filter(([key]) => typeof asked[key] === 'object' && asked[key] !== null)
    .map(([, feature]) => feature)
    .join('; ');
}

/** Escapes text for a double-quoted HTML attribute. */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A `<!doctype>` (after an optional BOM and white space) that must stay first. */
const DOCTYPE = /^\uFEFF?\s*<!doctype[^>]*>/i;

/**
 * The view's HTML with its policy as the first thing in the document, before any markup of the
 * view (after its `<!doctype>`, if it has one), so every script and load of the view is under
 * it. A view's own `<meta>` policies can only narrow it further (all policies apply).
 *
 * @param html The view's HTML.
 * @param contentSecurityPolicy The policy (`viewPolicy()`).
 * @returns The HTML to give the sandbox.
 */
export function withContentSecurityPolicy(html: string, contentSecurityPolicy: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy)}">`;
  const doctype = DOCTYPE.exec(html);
  return doctype === null
    ? `<!doctype html>${meta}${html}`
    : `${doctype[0]}${meta}${html.slice(doctype[0].length)}`;
}

/**
 * Reading both sides of docs/coming-from-the-sdk.md: the public surface of the SDK v1 `Client`
 * from its type declarations, the members of the session's interfaces from our sources (both
 * with the TypeScript parser, no type checker), and the table's rows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..');
const sdkDist = path.join(root, 'node_modules', '@modelcontextprotocol', 'sdk', 'dist', 'esm');

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

const isHidden = (member: ts.ClassElement | ts.TypeElement): boolean =>
  ts.canHaveModifiers(member) &&
  (ts.getModifiers(member) ?? []).some(
    (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
  );

function nameOf(member: ts.ClassElement | ts.TypeElement): string | null {
  if (member.name === undefined || isHidden(member)) return null;
  const name = member.name.getText();
  return name.startsWith('#') ? null : name.replace(/^["']|["']$/g, '');
}

/** The public members of a class, or the members of an interface or a type alias's literal parts. */
function membersOf(file: string, declaration: string): string[] {
  const names: string[] = [];
  const source = parse(path.join(sdkDist, file));
  const fromType = (type: ts.TypeNode): void => {
    if (ts.isTypeLiteralNode(type)) type.members.forEach((m) => names.push(nameOf(m) ?? ''));
    if (ts.isIntersectionTypeNode(type)) type.types.forEach(fromType);
  };
  source.forEachChild((node) => {
    if ((ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name?.text === declaration) {
      (node.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>).forEach((m) => {
        if (!ts.isConstructorDeclaration(m as ts.Node)) names.push(nameOf(m) ?? '');
      });
    }
    if (ts.isTypeAliasDeclaration(node) && node.name.text === declaration) fromType(node.type);
  });
  if (names.length === 0) throw new Error(`${declaration} not found in ${file}`);
  return [...new Set(names.filter((name) => name !== ''))];
}

/**
 * Every public request, notification, handler and option of the SDK v1 `Client`, as the table
 * names them: `Client.callTool`, `RequestOptions.timeout`, `experimental.tasks.getTask`, …
 * (`TransportSendOptions` is part of `RequestOptions`; `Protocol`'s public members are the
 * `Client`'s).
 */
export function sdkSurface(): string[] {
  const qualified = (prefix: string, names: string[]) => names.map((name) => `${prefix}.${name}`);
  return [
    ...qualified('Client', [
      ...membersOf('client/index.d.ts', 'Client'),
      ...membersOf('shared/protocol.d.ts', 'Protocol'),
    ]),
    ...qualified('ClientOptions', membersOf('client/index.d.ts', 'ClientOptions')),
    ...qualified('ProtocolOptions', membersOf('shared/protocol.d.ts', 'ProtocolOptions')),
    ...qualified('RequestOptions', [
      ...membersOf('shared/protocol.d.ts', 'RequestOptions'),
      ...membersOf('shared/transport.d.ts', 'TransportSendOptions'),
    ]),
    ...qualified('NotificationOptions', membersOf('shared/protocol.d.ts', 'NotificationOptions')),
    ...qualified('RequestHandlerExtra', membersOf('shared/protocol.d.ts', 'RequestHandlerExtra')),
    ...qualified('ListChangedHandlers', membersOf('types.d.ts', 'ListChangedHandlers')),
    ...qualified('ListChangedOptions', membersOf('types.d.ts', 'ListChangedOptions')),
    ...qualified(
      'experimental.tasks',
      membersOf('experimental/tasks/client.d.ts', 'ExperimentalClientTasks'),
    ),
  ].filter((name, i, all) => all.indexOf(name) === i);
}

/** Where the "ours" column's names live: the prefix the table writes, the interface, its file. */
const OURS: Record<string, [string, string]> = {
  session: ['McpSession', 'lib/session/mcpSession/McpSessionApi.ts'],
  options: ['McpSessionOptions', 'lib/session/McpSessionOptions.ts'],
  McpRequestOptions: ['McpRequestOptions', 'lib/session/McpRequestOptions.ts'],
  McpTaskOptions: ['McpTaskOptions', 'lib/session/tasks/McpTaskOptions.ts'],
  context: ['McpHandlerContext', 'lib/session/McpHandlerContext.ts'],
};

/** The members of our interface that a prefix of the table stands for. */
export function ourMembers(prefix: string): string[] {
  const [declaration, file] = OURS[prefix];
  const names: string[] = [];
  parse(path.join(root, file)).forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === declaration) {
      node.members.forEach((m) => names.push(nameOf(m) ?? ''));
    }
  });
  if (names.length === 0) throw new Error(`${declaration} not found in ${file}`);
  return names.filter((name) => name !== '');
}

/** The prefixes the "ours" column may use. */
export const OUR_PREFIXES = Object.keys(OURS);

/** One row of the table: the code names in each column, and the note. */
export interface MapRow {
  sdk: string[];
  ours: string[];
  note: string;
  /** The row as written. */
  line: string;
}

/**
 * The rows of the page's table (every line that starts with `|`, but the header and the rule).
 *
 * @param page The page's text.
 * @returns Each row's backticked names, column by column.
 */
export function tableRows(page: string): MapRow[] {
  const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map(([, code]) => code);
  return page
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => {
      const [sdk = '', ours = '', note = ''] = line.split('|').slice(1, -1);
      return { sdk: codes(sdk), ours: codes(ours), note: note.trim(), line };
    });
}

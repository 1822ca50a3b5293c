/**
 * The session's MCP types (derived from its own schemas) are core's types: each is assignable to
 * the type core's schema produces and back, so an app can pass values between this package and
 * `@modelcontextprotocol/core` (or the SDKs built on it) without a cast. Checked by the TypeScript
 * compiler on a generated file, strict; a deliberately mismatched pair proves the check can fail.
 */
import path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..', '..');

/** Each exported type of the session entry (and the internal InitializeResult), and core's schema for it. */
const PAIRS: Record<string, string> = {
  Result: 'ResultSchema',
  Implementation: 'ImplementationSchema',
  ClientCapabilities: 'ClientCapabilitiesSchema',
  ServerCapabilities: 'ServerCapabilitiesSchema',
  InitializeResult: 'InitializeResultSchema',
  Tool: 'ToolSchema',
  CallToolResult: 'CallToolResultSchema',
  Prompt: 'PromptSchema',
  GetPromptResult: 'GetPromptResultSchema',
  Resource: 'ResourceSchema',
  ResourceTemplate: 'ResourceTemplateSchema',
  ReadResourceResult: 'ReadResourceResultSchema',
  CompleteRequestParams: 'CompleteRequestParamsSchema',
  CompleteResult: 'CompleteResultSchema',
  LoggingLevel: 'LoggingLevelSchema',
  LoggingMessage: 'LoggingMessageNotificationParamsSchema',
  Root: 'RootSchema',
  CreateMessageRequestParams: 'CreateMessageRequestParamsSchema',
  CreateMessageResult: 'CreateMessageResultSchema',
  ElicitRequestParams: 'ElicitRequestParamsSchema',
  ElicitResult: 'ElicitResultSchema',
  McpTask: 'TaskSchema',
  McpTaskStatus: 'TaskStatusSchema',
};

/** A file that assigns each of our types to core's and back. */
function assignments(pairs: Record<string, string>): string {
  const lines = [
    `import type * as core from '@modelcontextprotocol/core';`,
    `import type * as session from ${JSON.stringify(path.join(root, 'lib', 'session', 'index.js'))};`,
    `import type * as internal from ${JSON.stringify(path.join(root, 'lib', 'session', 'McpTypes.js'))};`,
    `type Core<S> = session.McpSchemaOutput<S>;`,
  ];
  for (const [ours, schema] of Object.entries(pairs)) {
    // InitializeResult is internal (the session's handshake reads it; no user names it).
    const from = ours === 'InitializeResult' ? 'internal' : 'session';
    lines.push(
      `declare const core_${ours}: Core<typeof core.${schema}>;`,
      `declare const ours_${ours}: ${from}.${ours};`,
      `export const to_${ours}: ${from}.${ours} = core_${ours};`,
      `export const from_${ours}: Core<typeof core.${schema}> = ours_${ours};`,
    );
  }
  return lines.join('\n');
}

/** The diagnostics of the generated file, `line: message`. */
function typeErrors(source: string): string[] {
  const fileName = path.join(root, 'spec', 'session', 'schemas', '__assignments__.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => path.resolve(name) === fileName || fileExists.call(host, name);
  host.readFile = (name) => (path.resolve(name) === fileName ? source : readFile.call(host, name));
  host.getSourceFile = (name, version, onError, shouldCreate) =>
    path.resolve(name) === fileName
      ? ts.createSourceFile(name, source, version, true)
      : getSourceFile.call(host, name, version, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  const file = program.getSourceFile(fileName);
  return ts.getPreEmitDiagnostics(program, file).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe("the session's MCP types", () => {
  it("are core's types, both ways", () => {
    expect(typeErrors(assignments(PAIRS))).toEqual([]);
  }, 120_000);

  it('a type that differs is found (a tool is not a prompt)', () => {
    const errors = typeErrors(assignments({ Tool: 'PromptSchema' }));
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/inputSchema/)]));
  }, 120_000);
});

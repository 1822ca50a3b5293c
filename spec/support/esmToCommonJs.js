// A Jest transformer for the few ES-module-only packages the tests import
// (@modelcontextprotocol/ext-apps): Jest runs CommonJS, so TypeScript's transpiler rewrites their
// `import`/`export` into `require`/`module.exports`, nothing else. Their dependencies ship
// CommonJS already. In-process on purpose: esbuild's API starts a service process, which the
// shared leak check rightly reports as left running by the test file.
const ts = require('typescript');

module.exports = {
  process(source, path) {
    const { outputText, sourceMapText } = ts.transpileModule(source, {
      fileName: path,
      compilerOptions: {
        allowJs: true,
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: true,
      },
    });
    return { code: outputText, map: sourceMapText };
  },
};

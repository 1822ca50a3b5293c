// A Jest transformer for the few ES-module-only packages the tests import
// (@modelcontextprotocol/ext-apps): Jest runs CommonJS, so esbuild rewrites their `import`/`export`
// into `require`/`module.exports`, nothing else. Their dependencies ship CommonJS already.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, path) {
    const { code, map } = transformSync(source, {
      loader: 'js',
      format: 'cjs',
      target: 'node20',
      sourcefile: path,
      sourcemap: 'inline',
    });
    return { code, map };
  },
};

// ESLint flat config: typescript-eslint's strict, type-aware rules for the library, the strict
// (syntax-only) set for tests, demos and scripts, and Prettier owning all formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.dist-*/',
      'coverage/',
      'node_modules/',
      'spec/bench/results/',
      'docs/api/',
      'spec/fixtures/**/*.js',
      'web/node_modules/',
      'web/dist/',
      'web/.angular/',
      'web/e2e-output/',
    ],
  },
  js.configs.recommended,
  {
    files: ['lib/**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['spec/**/*.ts', 'demo/**/*.ts', 'scripts/**/*.ts', 'web/**/*.ts'],
    extends: [tseslint.configs.strict],
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);

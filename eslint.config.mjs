// ESLint flat config: typescript-eslint's strict, type-aware rules for the library, the strict
// (syntax-only) set for tests, demos and scripts, and Prettier owning all formatting. Tests also get
// the habits we hold them to: nothing focused or skipped, an assertion in every test, and no
// promise left floating (type-aware, so a forgotten `await` on a process wait is caught).
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
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
      'web/guide/src/app/',
      '.cache/',
      'reports/',
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
    files: ['spec/**/*.ts'],
    ignores: ['spec/readme/*.example.ts', 'spec/readme/electron/**'],
    plugins: { jest },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-commented-out-tests': 'error',
      'jest/valid-expect': 'error',
      'jest/no-conditional-expect': 'off',
      // Our assertion helpers count as assertions: marble expectations, assert(), and the
      // expect-prefixed helpers of spec/ (expectRow, expectCrash, ...).
      'jest/expect-expect': [
        'error',
        {
          assertFunctionNames: [
            'expect',
            'expect*',
            '*.expectObservable',
            'expectObservable',
            'assert',
            'fc.assert',
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
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

// Lint: typescript-eslint's recommended rules plus the type-aware ones that catch what tsc
// does not (a promise nobody awaits or handles, an async function where a callback's result
// is ignored). Formatting is Prettier's alone (.prettierrc.json), so no stylistic rule here.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      'coverage/',
      '.smart-spend/',
      'layers/**/nodejs/',
      'test/support/esbuild-transform.js',
      'web/dist/',
      'test/output/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // CloudFormation templates and JSON answers are untyped documents the tests read into.
    files: ['test/cdk/**/*.ts', 'test/support/api-client.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);

import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      // Layers import only downwards: core <- platform <- domains <- entry points.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './actions/shared/core',
              from: [
                './actions/shared/platform',
                './actions/shared/secrets',
                './actions/*/main.ts',
              ],
              message: 'core holds primitives with no dependencies on other layers.',
            },
            {
              target: './actions/shared/platform',
              from: ['./actions/shared/secrets'],
              message: 'platform must not depend on a domain module.',
            },
            {
              target: './actions/shared',
              from: ['./actions/fetch-secrets'],
              message: 'shared code must not import an entry point.',
            },
          ],
        },
      ],
    },
  },
  {
    // Plain build scripts: checked without type information.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null, project: false },
      globals: { process: 'readonly', console: 'readonly' },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/explicit-function-return-type': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/explicit-function-return-type': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'test/artifacts/', 'coverage/', 'tmp-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['jest.config.js', 'test/faults/reporter.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pure core must not touch Apps Script globals or I/O.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'SpreadsheetApp',
          'GmailApp',
          'UrlFetchApp',
          'PropertiesService',
          'LockService',
          'ScriptApp',
          'HtmlService',
          'Session',
          'Utilities',
          'CacheService',
          'ContentService',
          'Logger',
        ].map((name) => ({
          name,
          message: 'src/core is pure: reach Apps Script through src/app services.',
        })),
      ],
    },
  },
);

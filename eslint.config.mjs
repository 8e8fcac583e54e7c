// `npm run lint` (eslint src test bench). Type-aware rules need the TypeScript program, so TypeScript files are
// parsed against the root tsconfig.json (it includes src/, test/ and bench/, and maps @admissions/rules to its
// source); the plain CommonJS scripts in bench/ and test/ get the JavaScript rules only. Formatting is Prettier's
// job: eslint-config-prettier (last) turns off every stylistic rule that would fight it. typescript-eslint's
// `recommended` set, not `recommendedTypeChecked`: the latter adds about 1,100 no-unsafe-* findings, mostly in tests.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'src/rules/dist/', 'data/', 'coverage/', 'bench/out/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A `default:` is a decision written down; a switch without one must name every member.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      curly: ['error', 'multi-line', 'consistent'],
      // `{ secret: _secret, ...rest }` leaves a field out on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // A relative import of src/rules resolves through its package.json to src/rules/dist (stale, or absent in
    // dist/ at run time): outside the package the rules are imported by name, as nest build expects.
    files: ['**/*.ts'],
    ignores: ['src/rules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\.?/)+(src/)?rules(/.*)?$',
              message: "Import the rules by name: from '@admissions/rules'.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      curly: ['error', 'multi-line', 'consistent'],
    },
  },
  prettier,
);

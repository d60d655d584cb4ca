/* global require */
/* eslint-disable @typescript-eslint/no-require-imports */
// Lets a child process run TypeScript sources directly (`node -r ./ts-register.js src/worker.ts`), the
// way jest does with swc: the worker-process specs need no build step. Not for production use.
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

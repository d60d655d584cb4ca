#!/usr/bin/env -S node --max-semi-space-size=64
// Runs the compiled CLI (dist/src/cli.js). Build it first with `npm run build`.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'hisob: the CLI is not built yet (dist/src/cli.js is missing).\n' +
      'Run `npm run build` in ' +
      path.join(__dirname, '..') +
      ' first, then try again.\n',
  );
  process.exit(1);
}
require(entry).main();

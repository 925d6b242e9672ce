/**
 * `require('kubenv/register')` and `node -r kubenv/register`: the preload needs to wait for the
 * cluster before the app starts, which only an ES module's top-level await can do (see
 * ./index.ts). Say so and stop, rather than let the app run without its environment.
 */
process.stderr.write(
  'kubenv/register: error: kubenv/register cannot be loaded with --require or require().\n' +
    'hint: Load it with `node --import kubenv/register app.js` (works for CommonJS apps too).\n',
);
process.exit(1);

// A module, so that its declaration file is empty rather than a script.
export {};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Fetch the remote env (target from kubenv.config.js) before Jest starts its workers, and
  // restore process.env after the run.
  globalSetup: 'kubenv/jest/global-setup',
  globalTeardown: 'kubenv/jest/global-teardown',
};

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Fetches the remote env (target from kubenv.config.ts) before the workers start, and
    // restores process.env when the run ends. Works with `--pool forks` and `--pool threads`.
    globalSetup: ['kubenv/vitest'],
  },
});

import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

// An ES module's `import { readFileSync } from 'node:fs'` makes Node build the module's ESM face,
// which reads every export, getters included: `fs.promises` loads Node's promise file API, about
// 13 M instructions of a cold process for one import (callgrind, Node 24.21); `module.SourceMap`
// loads the source map support. In a CommonJS build, esbuild turns `import path from 'node:path'`
// into `__toESM(require('node:path'))`, which copies every property of the builtin onto a new
// object (1.7 M instructions of a cold `kubenv print`). So in every build a builtin is taken from
// process.getBuiltinModule and each export read on its own, marked pure so that esbuild drops the
// ones nothing imports: a getter runs only when its export is used. A missing getBuiltinModule
// (Node < 20.16, unsupported) gives undefined exports instead of failing before the bin can say
// which Node it needs.
const builtinsByName: EsbuildPlugin = {
  name: 'kubenv-builtins-by-name',
  setup(build) {
    const builtins = new Set(builtinModules.filter((name) => !name.startsWith('_')));
    const requireBuiltin = createRequire(import.meta.url);
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return builtins.has(name) ? { path: name, namespace: 'kubenv-builtin' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'kubenv-builtin' }, (args) => {
      const names = Object.keys(Object.getOwnPropertyDescriptors(requireBuiltin(`node:${args.path}`))).filter(
        (key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default',
      );
      return {
        loader: 'js',
        contents: [
          `const builtinModule = process.getBuiltinModule?.(${JSON.stringify(`node:${args.path}`)}) ?? {};`,
          'const exportOf = (key) => builtinModule[key];',
          'export default builtinModule;',
          ...names.map((name) => `export const ${name} = /* @__PURE__ */ exportOf(${JSON.stringify(name)});`),
        ].join('\n'),
      };
    });
  },
};

// The library: every public subpath as ESM and CommonJS (Jest loads CommonJS by default), with
// declarations. Code splitting keeps heavy modules (config loading, kube access) in chunks that
// are only imported when first needed, so `import { parseTarget } from 'kubenv'` stays cheap.
// No source maps: the output is not minified, so a stack trace into dist/ is already readable,
// and the maps (with the sources inlined) were 62% of the package: 1024 KiB packed with them,
// 389 KiB without (`npm pack --dry-run`, 0.1.0).
const library: Options = {
  entry: {
    index: 'src/index.ts',
    vitest: 'src/vitest/index.ts',
    jest: 'src/jest/index.ts',
    'jest-global-setup': 'src/jest/global-setup.ts',
    'jest-global-teardown': 'src/jest/global-teardown.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  target: 'node22',
  platform: 'node',
  dts: true,
  splitting: true,
  sourcemap: false,
  clean: false, // `npm run build` empties dist first: both builds write into it at once
  // Tells src/fetch/compiled-run.ts that dist/fetch-core.cjs is beside it; the shims give the
  // CommonJS build `import.meta.url`, by which it finds that file.
  define: { KUBENV_LIBRARY_BUILD: 'true' },
  shims: true,
  // tsup would mark `node:` imports external before builtinsByName sees them.
  removeNodeProtocol: false,
  esbuildPlugins: [builtinsByName],
};

// The `kubenv` bin, in two files. dist/cli.cjs is the launcher (src/cli/bin.ts, with
// src/cli/code-cache.ts); dist/cli-main.cjs is the whole command line in one CommonJS file, which
// the launcher compiles through a V8 code cache written after the run (see code-cache.ts). One
// file, so one cache holds all of it; the dependencies stay outside, loaded when needed.
const cli: Options = {
  entry: { cli: 'src/cli/bin.ts' },
  format: ['cjs'],
  target: 'node22',
  platform: 'node',
  splitting: false,
  sourcemap: false,
  clean: false,
  removeNodeProtocol: false,
  esbuildPlugins: [builtinsByName],
};

// Its import() of a dependency becomes require(), which loads ES modules too (Node >= 22.12):
// code run by vm.Script may only import() with an experimental flag.
const cliMain: Options = {
  ...cli,
  entry: { 'cli-main': 'src/cli/main.ts' },
  format: ['cjs'],
  esbuildOptions(options) {
    options.supported = { ...options.supported, 'dynamic-import': false };
  },
};

// `kubenv/register` (`node --import kubenv/register`): ESM, since it awaits the fetch at its top
// level, which CommonJS cannot; for `node -r` a CommonJS stub that says to use --import.
const register: Options = {
  ...cli,
  entry: { register: 'src/register/index.ts' },
  format: ['esm'],
  splitting: true,
  dts: true,
  define: library.define,
};

const registerRequire: Options = { ...register, entry: { register: 'src/register/require.ts' }, format: ['cjs'] };

// The library's fetch machinery (src/fetch/run.ts and all it uses) in one CommonJS file, which
// src/fetch/compiled-run.ts compiles through a code cache. The modules whose identity or state
// belong to the process (SHARED, paths under src/) stay out: the bundle requires them as
// `kubenv-shared:<path>` and compiled-run.ts hands it the library's own.
const SHARED = ['errors/index', 'kube/connection-pool', 'kube/exec-credential/cache'];
const fetchCore: Options = {
  ...cliMain,
  entry: { 'fetch-core': 'src/fetch/run.ts' },
  esbuildPlugins: [
    builtinsByName,
    {
      name: 'kubenv-shared-modules',
      setup(build) {
        build.onResolve({ filter: /^\.\.?\// }, (args) => {
          const file = path
            .relative(path.resolve('src'), path.resolve(args.resolveDir, args.path))
            .replace(/\.ts$/, '');
          // '../errors' names errors/index.
          const shared = [file, `${file}/index`].find((name) => SHARED.includes(name));
          if (shared) return { path: `kubenv-shared:${shared}`, external: true };
          // A copy of an error class would break `instanceof` for what a fetch throws.
          if (file.startsWith('errors/'))
            throw new Error(`${args.importer}: import the errors from '../errors', not ${args.path}`);
          return undefined;
        });
      },
    },
  ],
};

const config: Options[] = [library, cli, cliMain, register, registerRequire, fetchCore];
export default config;

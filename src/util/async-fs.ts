/**
 * The asynchronous file reads of a fetch (config search, token files, env files), on fs's
 * callback API. node:fs/promises loads Node's promise file API (internal/fs/promises) when first
 * imported, about 5 M instructions of a cold process (bench/sections/instructions.mjs), for a
 * handful of calls that need none of it.
 */
import { readdir as readdirCallback, readFile as readFileCallback, type Stats, stat as statCallback } from 'node:fs';

export function stat(path: string): Promise<Stats> {
  return new Promise((resolve, reject) =>
    statCallback(path, (error, stats) => (error ? reject(error) : resolve(stats))),
  );
}

export function readdir(path: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    readdirCallback(path, (error, names) => (error ? reject(error) : resolve(names))),
  );
}

export function readFile(path: string, encoding: 'utf8'): Promise<string> {
  return new Promise((resolve, reject) =>
    readFileCallback(path, encoding, (error, text) => (error ? reject(error) : resolve(text))),
  );
}

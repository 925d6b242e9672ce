/**
 * The reads of local files a fetch makes: the config file search, config and env files, token
 * files. Synchronous: each takes microseconds on a local disk, where going through libuv's thread
 * pool cost a round trip per call and the pool's start, about 1 ms of a cold `kubenv print`
 * (bench/sections/cold.mjs). As with kubectl's reads, a FIFO with no writer blocks the read.
 */
import { readdirSync, readFileSync, type Stats, statSync } from 'node:fs';

export function stat(path: string): Stats {
  return statSync(path);
}

export function readdir(path: string): string[] {
  return readdirSync(path);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

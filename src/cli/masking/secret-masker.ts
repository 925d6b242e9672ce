/**
 * Streaming replacement of secret values in output, as `op run` conceals secrets in what its
 * child prints (https://developer.1password.com/docs/cli/reference/commands/run).
 *
 * Works on bytes (as latin1 strings, one char per byte), so a UTF-8 character split across
 * writes is no different from an ASCII one. Rules:
 * - every occurrence of every value is concealed; where occurrences overlap (`abc` and `bcd` in
 *   `abcd`), the union is one concealed run, so no part of either value shows;
 * - at a chunk's end, only the longest suffix that could still begin a value is held back;
 *   everything before it is written at once (line-buffered output gets no added latency);
 * - the last bytes already written are kept as context, so an occurrence that began in them and
 *   continues in the next chunk still has its continuation concealed.
 */

/** What replaces a secret value in the child's output. */
export const CONCEALED = '<concealed by kubenv>';

const CONCEALED_BYTES = Buffer.from(CONCEALED, 'latin1');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A masker for one output stream; `write` and `end` return what may be printed now. */
export class SecretMasker {
  readonly #values: readonly string[];
  readonly #maxLength: number;
  readonly #search: RegExp | undefined;
  /** Bytes already written, kept to match occurrences that straddle the boundary. */
  #context = '';
  /** Bytes not written yet: they may be the start of a value. */
  #held = '';

  constructor(values: Iterable<string>) {
    const unique = new Set<string>();
    for (const value of values) if (value !== '') unique.add(Buffer.from(value, 'utf8').toString('latin1'));
    // Longest first: at one position the alternation takes the longest value that matches.
    this.#values = [...unique].sort((a, b) => b.length - a.length);
    this.#maxLength = this.#values[0]?.length ?? 0;
    // Searching again from one past each match start finds overlapping occurrences too.
    this.#search = this.#values.length > 0 ? new RegExp(this.#values.map(escapeRegExp).join('|'), 'g') : undefined;
  }

  /** Takes a chunk; returns the bytes that can be written now. */
  write(chunk: Buffer): Buffer {
    if (!this.#search) return chunk;
    return this.#process(chunk.toString('latin1'), false);
  }

  /** The stream ended: returns whatever was held back. */
  end(): Buffer {
    if (!this.#search || this.#held === '') return Buffer.alloc(0);
    return this.#process('', true);
  }

  #process(chunk: string, final: boolean): Buffer {
    const context = this.#context;
    const text = context + this.#held + chunk;
    const start = context.length;
    const cut = final ? text.length : Math.max(start, text.length - this.#pendingPrefix(text));
    const runs = this.#concealedRuns(text, start, cut);
    let end = cut;
    const parts: Buffer[] = [];
    let at = start;
    for (const [from, to] of runs) {
      if (from > at) parts.push(Buffer.from(text.slice(at, from), 'latin1'));
      parts.push(CONCEALED_BYTES);
      at = Math.max(at, to);
      end = Math.max(end, to);
    }
    if (end > at) parts.push(Buffer.from(text.slice(at, end), 'latin1'));
    this.#held = text.slice(end);
    const keep = Math.max(0, this.#maxLength - 1);
    this.#context = keep === 0 ? '' : text.slice(Math.max(0, end - keep), end);
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  /**
   * Merged [from, to) runs of occurrences that start before `cut` and reach past `start` (the
   * context before `start` was written already), clipped to begin at `start`.
   */
  #concealedRuns(text: string, start: number, cut: number): Array<[number, number]> {
    const search = this.#search as RegExp;
    search.lastIndex = Math.max(0, start - this.#maxLength + 1);
    const runs: Array<[number, number]> = [];
    for (let match = search.exec(text); match !== null; match = search.exec(text)) {
      const from = match.index;
      if (from >= cut) break;
      const to = from + match[0].length;
      search.lastIndex = from + 1;
      if (to <= start) continue;
      const clipped = Math.max(from, start);
      const last = runs.at(-1);
      if (last && clipped <= last[1]) last[1] = Math.max(last[1], to);
      else runs.push([clipped, to]);
    }
    return runs;
  }

  /**
   * Length of the longest suffix of `text` that is a proper prefix of a value. It may begin in the
   * context (before `start`, already written): the new bytes after it are then the middle of a
   * value, and are held back too (`c\n` written, then `b` of the value `\nbc`).
   */
  #pendingPrefix(text: string): number {
    const window = Math.min(this.#maxLength - 1, text.length);
    if (window <= 0) return 0;
    const tail = text.slice(text.length - window);
    let longest = 0;
    for (const value of this.#values) {
      const first = value[0] as string;
      for (let at = tail.indexOf(first); at !== -1 && tail.length - at > longest; at = tail.indexOf(first, at + 1)) {
        const rest = tail.slice(at);
        if (rest.length < value.length && value.startsWith(rest)) {
          longest = rest.length;
          break;
        }
      }
    }
    return longest;
  }
}

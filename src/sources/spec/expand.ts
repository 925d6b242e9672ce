/**
 * `$(VAR)` expansion exactly as the kubelet does it (third_party/forked/golang/expansion in
 * Kubernetes): `$$` is an escaped `$`; `$(NAME)` is replaced when NAME is known and kept
 * literally otherwise; an unclosed `$(` is literal; one pass, no `${}`.
 */

/** Expands `input` with `lookup`, which returns undefined for unknown names. */
export function expandKubeletReferences(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    if (next === '$') {
      out += '$';
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close === -1) {
        // Incomplete reference: the kubelet emits `$(` and carries on after it.
        out += '$(';
        cursor += 1;
      } else {
        const name = input.slice(cursor + 2, close);
        out += lookup(name) ?? `$(${name})`;
        cursor = close;
      }
    } else {
      out += `$${next}`;
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

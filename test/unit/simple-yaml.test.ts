// The kubeconfig fast path must agree with js-yaml on everything it accepts, and hand the rest
// (including every error) back to js-yaml.
import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/kube/simple-yaml';

/** js-yaml's result, or the fact that it throws. */
function jsYaml(text: string): { value: unknown } | { error: true } {
  try {
    return { value: load(text) };
  } catch {
    return { error: true };
  }
}

/** The property: when the fast path answers, js-yaml gives the same value (and does not throw). */
function agrees(text: string): void {
  const fast = parseSimpleYaml(text);
  if (fast !== undefined) expect(jsYaml(text)).toEqual({ value: fast.value });
}

const kubectlStyle = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
    server: https://127.0.0.1:6443
  name: kind-kind
contexts:
- context:
    cluster: kind-kind
    namespace: shop
    user: kind-kind
  name: kind-kind
current-context: kind-kind
kind: Config
preferences: {}
users:
- name: kind-kind
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==
`;

const eksStyle = `# written by aws eks update-kubeconfig
apiVersion: v1
kind: Config
clusters:
  - name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
    cluster:
      server: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
      insecure-skip-tls-verify: false
users:
  - name: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod'
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: aws
        args:
        - --region
        - eu-west-1
        - eks
        - get-token
        env:
        - name: AWS_PROFILE
          value: "prod \\"admin\\" \\u00e9"
        interactiveMode: IfAvailable
        provideClusterInfo: false
contexts: []
current-context: ~
`;

// gcloud writes the install hint as a multi-line plain scalar: outside the subset.
const gkeStyle = `users:
- name: gke
  user:
    exec:
      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following
        https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
`;

describe('parseSimpleYaml', () => {
  it('reads the kubeconfigs kubectl and aws eks write, exactly as js-yaml does', () => {
    for (const text of [kubectlStyle, eksStyle, kubectlStyle.replaceAll('\n', '\r\n')]) {
      const fast = parseSimpleYaml(text);
      expect(fast).toBeDefined();
      expect(fast?.value).toEqual(load(text));
    }
  });

  it('leaves what it does not handle to js-yaml', () => {
    for (const text of [
      gkeStyle,
      '',
      '# only a comment\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  line\n',
      'a: [1, 2]\n',
      'a: {b: c}\n',
      'port: 6443\n',
      'a: 1.5\n',
      'a: b\na: c\n',
      '---\na: b\n---\nc: d\n',
      'a: "unclosed\n  rest"\n',
      'a: b # comment\n',
      'a:\tb\n',
      '__proto__: x\n',
      'just a scalar\n',
    ]) {
      expect(parseSimpleYaml(text)).toBeUndefined();
    }
  });

  it('agrees with js-yaml on documents js-yaml writes', () => {
    const key = fc.oneof(
      { arbitrary: fc.constantFrom('name', 'server', 'user', 'token', 'args', 'env', 'a-b', 'x.y/z', '_k'), weight: 9 },
      fc.constantFrom('true', 'null', '1', 'a b'),
    );
    const scalar = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-zA-Z~-][a-zA-Z0-9 .:/_'"-]{0,16}$/), weight: 8 },
      fc.string({ maxLength: 12 }),
      fc.constantFrom('true', 'False', 'null', '~', '', '-x', '--region', 'a: b', '#', "it's", 'a"b', '1', '.5'),
      fc.boolean(),
      fc.constant(null),
      fc.integer(),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 3 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(
        value,
        fc.record({
          indent: fc.integer({ min: 1, max: 4 }),
          seqNoIndent: fc.boolean(),
          seqInlineFirst: fc.boolean(),
          quoteStyle: fc.constantFrom('single', 'double'),
          lineWidth: fc.constantFrom(-1, 20, 80),
        }),
        (document, style) => agrees(dump(document, { ...style, flowLevel: -1 })),
      ),
      { numRuns: 1000 },
    );
  });

  it('agrees with js-yaml on arbitrary near-YAML text', () => {
    const piece = fc.constantFrom(
      'a',
      'b:',
      ' ',
      '  ',
      '- ',
      ': ',
      '"',
      "'",
      '\\',
      '\\u0041',
      '#',
      '{}',
      '[]',
      '\n',
      '\t',
      'true',
      '1',
      '~',
      '-',
      '|',
      '&',
      '\r\n',
      '\u00e9',
      'k: v\n',
      'k:\n',
      '- x\n',
      '  k: "q"\n',
      "- 'a''b'\n",
      '  - ',
      '---\n',
      '\u2028', // trimmed by String#trim, not by YAML
      '\u00a0',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => agrees(pieces.join(''))),
      { numRuns: 2000 },
    );
  });
});

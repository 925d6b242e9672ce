/**
 * Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation), used to check target names,
 * container names, namespaces and label selectors before any request is made.
 */

/**
 * Which Kubernetes naming rule a name follows.
 * - `dns1123-subdomain`: most objects (pods, deployments, ...): lowercase alphanumerics, `-` and
 *   `.`, at most 253 characters.
 * - `dns1123-label`: containers and namespaces: lowercase alphanumerics and `-`, at most 63.
 * - `dns1035-label`: services: like a DNS-1123 label, but must start with a letter.
 */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const RULES: Readonly<Record<NameRule, { pattern: RegExp; maxLength: number; allowed: RegExp; describe: string }>> = {
  'dns1123-subdomain': {
    pattern: DNS1123_SUBDOMAIN,
    maxLength: 253,
    allowed: /[-a-z0-9.]/,
    describe: 'lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit',
  },
  'dns1123-label': {
    pattern: DNS1123_LABEL,
    maxLength: 63,
    allowed: /[-a-z0-9]/,
    describe: 'lowercase letters, digits and `-`, starting and ending with a letter or digit',
  },
  'dns1035-label': {
    pattern: DNS1035_LABEL,
    maxLength: 63,
    allowed: /[-a-z0-9]/,
    describe: 'lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit',
  },
};

/**
 * Why a name is invalid: a sentence fragment, and the offset inside the name where the problem
 * starts.
 */
export interface NameProblem {
  readonly problem: string;
  readonly offset: number;
}

/**
 * Checks `name` against a Kubernetes naming rule.
 *
 * @param maxLength - a stricter limit than the rule's own (cronjob names: 52).
 * @returns `undefined` when valid, otherwise what is wrong and where.
 * @example
 * ```ts
 * checkName('API', 'dns1123-subdomain') // { problem: 'must contain only lowercase ...', offset: 0 }
 * ```
 */
export function checkName(name: string, rule: NameRule, maxLength?: number): NameProblem | undefined {
  const spec = RULES[rule];
  const limit = Math.min(maxLength ?? spec.maxLength, spec.maxLength);
  if (name.length === 0) return { problem: 'must not be empty', offset: 0 };
  if (name.length > limit) {
    return { problem: `is ${name.length} characters long; at most ${limit} are allowed`, offset: limit };
  }
  if (spec.pattern.test(name)) return undefined;
  const bad = [...name].findIndex((char) => !spec.allowed.test(char));
  return {
    problem: `must contain only ${spec.describe}`,
    offset: bad === -1 ? firstEdgeProblem(name, rule) : codeUnitOffset(name, bad),
  };
}

/**
 * Checks a label key: an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63
 * alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric.
 * @example
 * ```ts
 * checkLabelKey('app.kubernetes.io/name') // undefined: valid
 * ```
 */
export function checkLabelKey(key: string): NameProblem | undefined {
  const slash = key.indexOf('/');
  let nameOffset = 0;
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    const prefixProblem = checkName(prefix, 'dns1123-subdomain');
    if (prefixProblem)
      return { problem: `has an invalid prefix: it ${prefixProblem.problem}`, offset: prefixProblem.offset };
    nameOffset = slash + 1;
  }
  const name = key.slice(nameOffset);
  const nameProblem = checkLabelText(name, false);
  return nameProblem ? { problem: nameProblem.problem, offset: nameOffset + nameProblem.offset } : undefined;
}

/**
 * Checks a label value: empty, or at most 63 alphanumerics, `-`, `_` and `.`, starting and
 * ending alphanumeric.
 * @example
 * ```ts
 * checkLabelValue('api_v2') // undefined: valid
 * ```
 */
export function checkLabelValue(value: string): NameProblem | undefined {
  return checkLabelText(value, true);
}

function checkLabelText(text: string, allowEmpty: boolean): NameProblem | undefined {
  if (text.length === 0) return allowEmpty ? undefined : { problem: 'must not be empty', offset: 0 };
  if (text.length > 63) return { problem: `is ${text.length} characters long; at most 63 are allowed`, offset: 63 };
  if (LABEL_NAME_PART.test(text)) return undefined;
  const bad = [...text].findIndex((char) => !/[-A-Za-z0-9_.]/.test(char));
  return {
    problem: 'must contain only letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit',
    offset: bad === -1 ? (/^[A-Za-z0-9]/.test(text) ? text.length - 1 : 0) : codeUnitOffset(text, bad),
  };
}

/** Offset of the start or end character that breaks the rule (all characters are allowed ones). */
function firstEdgeProblem(name: string, rule: NameRule): number {
  const startsOk = rule === 'dns1035-label' ? /^[a-z]/.test(name) : /^[a-z0-9]/.test(name);
  if (!startsOk) return 0;
  if (rule === 'dns1123-subdomain') {
    // A dot-separated part that starts or ends with `-` or is empty: point at it.
    let offset = 0;
    for (const part of name.split('.')) {
      if (!DNS1123_LABEL.test(part))
        return part.length > 0 && /^[a-z0-9]/.test(part) ? offset + part.length - 1 : offset;
      offset += part.length + 1;
    }
  }
  return name.length - 1;
}

/** Converts an index into `[...text]` (code points) to a UTF-16 offset. */
function codeUnitOffset(text: string, codePointIndex: number): number {
  return [...text].slice(0, codePointIndex).join('').length;
}

/**
 * Turns a near-miss into a valid name when a simple fix exists (lowercase, `_` and spaces to
 * `-`), for "did you mean" suggestions. Returns `undefined` when no simple fix makes it valid.
 * @example
 * ```ts
 * suggestName('My_Api', 'dns1123-subdomain') // 'my-api'
 * ```
 */
export function suggestName(name: string, rule: NameRule, maxLength?: number): string | undefined {
  const fixed = name.toLowerCase().replace(/[_\s]/g, '-');
  return fixed !== name && checkName(fixed, rule, maxLength) === undefined ? fixed : undefined;
}

/**
 * The string grammar of targets:
 *
 *   targetless
 *   <kind\>/<name\>[/container/<container\>]
 *   label/<key\>=<value\>[,<key\>=<value\>...][/container/<container\>]
 *
 * Kinds and the `targetless`, `label` and `container` keywords are case-insensitive; names are
 * case-sensitive and checked against the Kubernetes naming rules. Failures are TargetProblems
 * with an offset and candidate fixes.
 */

import { closestMatches, editDistance } from '../util/suggest';
import { findKind, KIND_LIST, KIND_WORDS, type KindInfo } from './kinds';
import { checkLabelKey, checkLabelValue, checkName, type NameRule, suggestName } from './names';
import { GRAMMAR_HINT, TargetProblem } from './problem';
import type { Target } from './types';

const CONTAINER_HINT = 'Use the container name as the pod spec lists it (`kubectl get pod <pod> -o yaml`).';
const KIND_NAMES = `${KIND_LIST.map((k) => k.kind).join(', ')}, label`;

/**
 * Parses a target string; throws a TargetProblem.
 * @internal
 */
export function parseTargetText(text: string): Target {
  if (text.length === 0) throw new TargetProblem('the target is empty', { position: 0, hint: GRAMMAR_HINT });
  const space = text.search(/\s/);
  if (space !== -1) {
    throw new TargetProblem('whitespace is not allowed in a target', {
      position: space,
      suggestions: [text.trim(), text.replace(/\s+/g, '')],
    });
  }
  const slash = text.indexOf('/');
  const head = slash === -1 ? text : text.slice(0, slash);
  const headLower = head.toLowerCase();
  if (slash === -1) {
    if (headLower === 'targetless') return { kind: 'targetless' };
    throw bareWordProblem(text);
  }
  if (headLower === 'targetless') {
    throw new TargetProblem('`targetless` takes no name or container', {
      position: slash,
      suggestions: ['targetless'],
    });
  }
  if (headLower === 'label') return parseLabelTarget(text, slash + 1);
  const info = findKind(head);
  if (!info) throw unknownKindProblem(text, head, slash);
  return parseWorkloadTarget(text, info, slash + 1);
}

/** `api`, `pod`, `targetles`: a single word that is not `targetless`. */
function bareWordProblem(word: string): TargetProblem {
  const lower = word.toLowerCase();
  if (findKind(word) || lower === 'label') {
    return new TargetProblem(`\`${word}\` is a kind without a name`, {
      position: word.length,
      hint: lower === 'label' ? 'Write `label/<key>=<value>`.' : `Write \`${lower}/<name>\`.`,
    });
  }
  if (editDistance(lower, 'targetless') <= 2) {
    return new TargetProblem(`unknown keyword \`${word}\``, { position: 0, suggestions: ['targetless'] });
  }
  const name = fixName(word, 'dns1123-subdomain');
  return new TargetProblem('a bare name is not a target: say which kind of object it names', {
    position: 0,
    suggestions: [`pod/${name}`, `deployment/${name}`],
    hint: GRAMMAR_HINT,
  });
}

function unknownKindProblem(text: string, head: string, slash: number): TargetProblem {
  const rest = text.slice(slash);
  if (head === '') {
    return new TargetProblem('the kind is missing', {
      position: 0,
      suggestions: [`pod${rest}`, `deployment${rest}`],
      hint: GRAMMAR_HINT,
    });
  }
  // Suggest the canonical kind of whatever alias is closest (`deplo` -> `deployment`).
  const kinds = closestMatches(head, KIND_WORDS, { limit: 5 }).map((word) => findKind(word)?.kind ?? word);
  return new TargetProblem(`unknown kind \`${head}\``, {
    position: 0,
    suggestions: [...new Set(kinds)].slice(0, 3).map((kind) => `${kind}${rest}`),
    hint: `Use one of: ${KIND_NAMES}, or \`targetless\`.`,
  });
}

function parseWorkloadTarget(text: string, info: KindInfo, start: number): Target {
  const kindWord = text.slice(0, start - 1).toLowerCase();
  const segments = text.slice(start).split('/');
  const name = segments[0]!;
  const nameEnd = start + name.length;
  const fixedName = fixName(name, info.nameRule, info.maxNameLength);
  const withContainer = (container: string): string =>
    `${kindWord}/${fixedName}/container/${fixName(container, 'dns1123-label')}`;

  if (name === '')
    throw new TargetProblem('the name is empty', { position: start, hint: `Write \`${kindWord}/<name>\`.` });
  let container: string | undefined;
  if (segments.length === 2) {
    const second = segments[1]!;
    if (second === '') {
      throw new TargetProblem('a trailing `/` is not allowed', {
        position: nameEnd,
        suggestions: [text.slice(0, nameEnd)],
      });
    }
    if (second.toLowerCase() === 'container') {
      throw new TargetProblem('the container name is missing after `container/`', {
        position: text.length,
        hint: `Write \`${kindWord}/${name}/container/<container>\`.`,
      });
    }
    throw new TargetProblem(`unexpected \`${second}\` after the name`, {
      position: nameEnd + 1,
      suggestions: [withContainer(second)],
    });
  }
  if (segments.length >= 3) {
    const keyword = segments[1]!;
    container = segments[2]!;
    const keywordStart = nameEnd + 1;
    const containerStart = keywordStart + keyword.length + 1;
    if (keyword.toLowerCase() !== 'container') {
      throw new TargetProblem(`expected \`container\` after the name, found \`${keyword}\``, {
        position: keywordStart,
        suggestions: segments.length === 3 ? [withContainer(container)] : [],
        hint: `Write \`${kindWord}/${name}/container/<container>\`.`,
      });
    }
    if (container === '') {
      throw new TargetProblem('the container name is empty', {
        position: containerStart,
        hint: `Write \`${kindWord}/${name}/container/<container>\`, or leave out \`/container/\`.`,
      });
    }
    if (segments.length > 3) {
      const extraStart = containerStart + container.length;
      throw new TargetProblem(`unexpected \`${text.slice(extraStart)}\` after the container name`, {
        position: extraStart,
        suggestions: [withContainer(container)],
      });
    }
  }

  const nameProblem = checkName(name, info.nameRule, info.maxNameLength);
  const fixed = `${kindWord}/${fixedName}${container === undefined ? '' : `/container/${fixName(container, 'dns1123-label')}`}`;
  if (nameProblem) {
    throw new TargetProblem(`\`${name}\` is not a valid ${info.kind} name: it ${nameProblem.problem}`, {
      position: start + nameProblem.offset,
      suggestions: [fixed],
      hint: `Use the name exactly as \`kubectl get ${info.resource}\` lists it.`,
    });
  }
  if (container !== undefined) {
    const containerProblem = checkName(container, 'dns1123-label');
    if (containerProblem) {
      throw new TargetProblem(`\`${container}\` is not a valid container name: it ${containerProblem.problem}`, {
        position: text.length - container.length + containerProblem.offset,
        suggestions: [fixed],
        hint: CONTAINER_HINT,
      });
    }
    return { kind: info.kind, name, container };
  }
  return { kind: info.kind, name };
}

function parseLabelTarget(text: string, start: number): Target {
  if (start === text.length) {
    throw new TargetProblem('the label selector is empty', { position: start, hint: 'Write `label/<key>=<value>`.' });
  }
  const labels = new Map<string, string>();
  let i = start;
  while (true) {
    const keyStart = i;
    while (i < text.length && text[i] !== '=' && text[i] !== ',') i++;
    const key = text.slice(keyStart, i);
    if (key === '')
      throw new TargetProblem('a label key is empty', { position: keyStart, hint: 'Write `<key>=<value>`.' });
    if (i === text.length || text[i] === ',') {
      throw new TargetProblem(`label \`${key}\` has no value`, {
        position: i,
        hint: 'Write `<key>=<value>` pairs separated by `,` (an empty value is written `<key>=`).',
      });
    }
    const keyProblem = checkLabelKey(key);
    if (keyProblem) {
      throw new TargetProblem(`\`${key}\` is not a valid label key: it ${keyProblem.problem}`, {
        position: keyStart + keyProblem.offset,
        hint: key.endsWith('!') ? 'Only equality (`<key>=<value>`) selects a target.' : undefined,
      });
    }
    if (labels.has(key)) {
      throw new TargetProblem(`label key \`${key}\` appears twice`, {
        position: keyStart,
        hint: 'Give each key once; the pod must carry every label listed.',
      });
    }
    const valueStart = ++i;
    while (i < text.length && text[i] !== ',' && text[i] !== '/') i++;
    const value = text.slice(valueStart, i);
    const valueProblem = checkLabelValue(value);
    if (valueProblem) {
      throw new TargetProblem(`\`${value}\` is not a valid value for label \`${key}\`: it ${valueProblem.problem}`, {
        position: valueStart + valueProblem.offset,
        suggestions: value.startsWith('=') ? [text.slice(0, valueStart) + text.slice(valueStart + 1)] : [],
      });
    }
    labels.set(key, value);
    if (i === text.length) return { kind: 'label', labels: Object.fromEntries(labels) };
    if (text[i] === ',') {
      if (i + 1 === text.length) {
        throw new TargetProblem('a trailing `,` is not allowed', { position: i, suggestions: [text.slice(0, i)] });
      }
      i++;
      continue;
    }
    return { kind: 'label', labels: Object.fromEntries(labels), container: parseLabelContainer(text, i) };
  }
}

/** `/container/<name>` after a selector; `slash` is the offset of its first `/`. */
function parseLabelContainer(text: string, slash: number): string {
  const selector = text.slice(0, slash);
  const segments = text.slice(slash + 1).split('/');
  const keyword = segments[0]!;
  if (keyword.toLowerCase() !== 'container') {
    throw new TargetProblem(`unexpected \`${text.slice(slash)}\` after the label selector`, {
      position: slash,
      suggestions: segments.length === 1 && keyword !== '' ? [`${selector}/container/${keyword}`] : [],
      hint: 'Label values cannot contain `/`; to name a container write `label/<key>=<value>/container/<container>`.',
    });
  }
  const container = segments[1];
  const containerStart = slash + keyword.length + 2;
  if (container === undefined || container === '') {
    throw new TargetProblem('the container name is empty', {
      position: Math.min(containerStart, text.length),
      hint: `Write \`${selector}/container/<container>\`, or leave out \`/container\`.`,
    });
  }
  if (segments.length > 2) {
    const extraStart = containerStart + container.length;
    throw new TargetProblem(`unexpected \`${text.slice(extraStart)}\` after the container name`, {
      position: extraStart,
      suggestions: [text.slice(0, extraStart)],
    });
  }
  const problem = checkName(container, 'dns1123-label');
  if (problem) {
    throw new TargetProblem(`\`${container}\` is not a valid container name: it ${problem.problem}`, {
      position: containerStart + problem.offset,
      suggestions: [`${selector}/container/${fixName(container, 'dns1123-label')}`],
      hint: CONTAINER_HINT,
    });
  }
  return container;
}

/** The name itself when valid or beyond a simple fix, else its simple fix (`API` → `api`). */
function fixName(name: string, rule: NameRule, maxLength?: number): string {
  return suggestName(name, rule, maxLength) ?? name;
}

/**
 * Scriptable faults. The server asks `decide()` once per request and acts on the answer; exec
 * streams ask `execCut()`. Counted faults are used up by the requests they hit.
 */
import { matchesRequest } from './request-log';
import type { FaultControls, RequestMatch } from './request-types';

/** The Kubernetes coordinates of a request, as faults see them. */
export interface FaultTarget {
  readonly verb: string;
  readonly resource: string | undefined;
  readonly subresource: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
}

/** What the server must do with a request before serving it. */
export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'throttle'; readonly retryAfterSeconds: number }
  | { readonly kind: 'fail'; readonly status: number; readonly message: string | undefined };

interface Counted {
  remaining: number;
  readonly match: RequestMatch | undefined;
}

function take<T extends Counted>(rules: T[], target: FaultTarget): T | undefined {
  const rule = rules.find((candidate) => candidate.remaining > 0 && matchesRequest(target, candidate.match));
  if (rule !== undefined) rule.remaining--;
  return rule;
}

function checkCount(name: string, count: number | undefined): number {
  const value = count ?? Number.POSITIVE_INFINITY;
  if (!(value > 0)) throw new RangeError(`faults.${name}: count must be a positive number, got ${String(count)}.`);
  return value;
}

/** The {@link FaultControls} implementation, with the server-side queries. */
export class Faults implements FaultControls {
  #latency: Array<{ ms: number; match: RequestMatch | undefined }> = [];
  #denials: Array<{ verb: string; resource: string; subresource: string | undefined; namespace: string | undefined }> =
    [];
  #throttles: Array<Counted & { retryAfterSeconds: number }> = [];
  #failures: Array<Counted & { status: number; message: string | undefined }> = [];
  #resets: Counted[] = [];
  #hangs: Counted[] = [];
  #cuts: Array<Counted & { afterBytes: number }> = [];

  latency(ms: number, match?: RequestMatch): void {
    if (!(ms >= 0)) throw new RangeError(`faults.latency: ms must be >= 0, got ${String(ms)}.`);
    this.#latency.push({ ms, match });
  }

  deny(rule: { readonly verb: string; readonly resource: string; readonly namespace?: string | undefined }): void {
    const [resource = '', subresource] = rule.resource.split('/');
    this.#denials.push({ verb: rule.verb, resource, subresource, namespace: rule.namespace });
  }

  throttle(options: {
    readonly count: number;
    readonly retryAfterSeconds: number;
    readonly match?: RequestMatch;
  }): void {
    this.#throttles.push({
      remaining: checkCount('throttle', options.count),
      match: options.match,
      retryAfterSeconds: options.retryAfterSeconds,
    });
  }

  fail(options: {
    readonly status: number;
    readonly count: number;
    readonly match?: RequestMatch;
    readonly message?: string;
  }): void {
    if (!Number.isInteger(options.status) || options.status < 400 || options.status > 599) {
      throw new RangeError(`faults.fail: status must be an HTTP error code (400-599), got ${String(options.status)}.`);
    }
    this.#failures.push({
      remaining: checkCount('fail', options.count),
      match: options.match,
      status: options.status,
      message: options.message,
    });
  }

  reset(options: { readonly count: number; readonly match?: RequestMatch }): void {
    this.#resets.push({ remaining: checkCount('reset', options.count), match: options.match });
  }

  cutExec(options: { readonly afterBytes: number; readonly count?: number; readonly match?: RequestMatch }): void {
    if (!(options.afterBytes >= 0)) throw new RangeError('faults.cutExec: afterBytes must be >= 0.');
    this.#cuts.push({
      remaining: checkCount('cutExec', options.count),
      match: options.match,
      afterBytes: options.afterBytes,
    });
  }

  hang(options: { readonly count?: number; readonly match?: RequestMatch } = {}): void {
    this.#hangs.push({ remaining: checkCount('hang', options.count), match: options.match });
  }

  clear(): void {
    this.#latency = [];
    this.#denials = [];
    this.#throttles = [];
    this.#failures = [];
    this.#resets = [];
    this.#hangs = [];
    this.#cuts = [];
  }

  /** Total latency to add to a request. */
  latencyFor(target: FaultTarget): number {
    return this.#latency.reduce((sum, rule) => sum + (matchesRequest(target, rule.match) ? rule.ms : 0), 0);
  }

  /** Connection-level faults, applied before authentication: hang, then reset. */
  connectionFault(target: FaultTarget): FaultDecision {
    if (take(this.#hangs, target)) return { kind: 'hang' };
    if (take(this.#resets, target)) return { kind: 'reset' };
    return { kind: 'none' };
  }

  /** Server-side faults after authentication: 429, then injected failures. */
  serverFault(target: FaultTarget): FaultDecision {
    const throttle = take(this.#throttles, target);
    if (throttle) return { kind: 'throttle', retryAfterSeconds: throttle.retryAfterSeconds };
    const failure = take(this.#failures, target);
    if (failure) return { kind: 'fail', status: failure.status, message: failure.message };
    return { kind: 'none' };
  }

  /** Whether RBAC denies the request. */
  denied(target: FaultTarget): boolean {
    return this.#denials.some(
      (rule) =>
        (rule.verb === '*' || rule.verb === target.verb) &&
        (rule.resource === '*' || rule.resource === target.resource) &&
        rule.subresource === target.subresource &&
        (rule.namespace === undefined || rule.namespace === target.namespace),
    );
  }

  /** Bytes of stdout after which to cut this exec stream, if a cut applies. */
  execCut(target: FaultTarget): number | undefined {
    return take(this.#cuts, target)?.afterBytes;
  }
}

/**
 * Errors about getting credentials before any request is sent: an exec credential plugin that is
 * missing, fails or prints something unusable, and an optional dependency that is not installed.
 */
import { KubenvError, type KubenvErrorOptions } from './kubenv-error';

/**
 * Why an exec credential plugin gave no credential.
 * @public
 */
export type CredentialPluginFailure = 'not-found' | 'failed' | 'invalid-output' | 'not-interactive';

/**
 * An exec credential plugin (`users[].user.exec` in the kubeconfig) gave no usable credential.
 * The message names the command and the kubeconfig user and, when the plugin is not installed,
 * shows its `installHint`; it never shows what the plugin printed.
 * @example
 * ```ts
 * if (isKubenvError(error, 'CREDENTIAL_PLUGIN')) console.error(error.command, error.failure)
 * ```
 * @public
 */
export class CredentialPluginError extends KubenvError {
  override name = 'CredentialPluginError';
  /** The plugin command as resolved (relative paths against the kubeconfig's directory). */
  readonly command: string;
  /** The kubeconfig user whose plugin it is. */
  readonly user: string | undefined;
  readonly failure: CredentialPluginFailure;
  /** The plugin's exit code, when it ran and failed. */
  readonly exitCode: number | undefined;
  /** The kubeconfig's `installHint`, when it has one. */
  readonly installHint: string | undefined;

  constructor(
    plugin: { command: string; user?: string | undefined; installHint?: string | undefined },
    failure: CredentialPluginFailure,
    problem: string,
    options: KubenvErrorOptions & { exitCode?: number | undefined } = {},
  ) {
    const owner = plugin.user ? ` of user "${plugin.user}"` : '';
    const hint =
      options.hint ??
      (failure === 'not-found' && plugin.installHint
        ? plugin.installHint.trim()
        : failure === 'not-found'
          ? 'Install the plugin, or fix `command` in the kubeconfig (a bare name is looked up on PATH; a path with a slash is relative to the kubeconfig file).'
          : `Run \`${plugin.command}\` by hand to see why (its stderr is shown above), or log in again.`);
    super('CREDENTIAL_PLUGIN', `The credential plugin \`${plugin.command}\`${owner} ${problem}.`, {
      hint,
      cause: options.cause,
    });
    this.command = plugin.command;
    this.user = plugin.user;
    this.failure = failure;
    this.exitCode = options.exitCode;
    this.installHint = plugin.installHint;
  }
}

/**
 * A feature needs an optional peer dependency that is not installed (an `auth-provider`
 * kubeconfig needs `@kubernetes/client-node`).
 * @example
 * ```ts
 * if (isKubenvError(error, 'MISSING_DEPENDENCY')) console.error(`npm install ${error.dependency}`)
 * ```
 * @public
 */
export class MissingDependencyError extends KubenvError {
  override name = 'MissingDependencyError';
  /** The npm package to install. */
  readonly dependency: string;

  constructor(dependency: string, neededFor: string, options: KubenvErrorOptions = {}) {
    super('MISSING_DEPENDENCY', `${neededFor} needs ${dependency}, which is not installed.`, {
      hint: options.hint ?? `Install it next to kubenv: \`npm install ${dependency}\`.`,
      cause: options.cause,
    });
    this.dependency = dependency;
  }
}

/**
 * Label key and value validation from k8s.io/apimachinery/pkg/util/validation, with its messages
 * (including their doubled spaces), as the API server reports them for a bad selector.
 */

const qualifiedNameFormat = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNamePattern = new RegExp(`^${qualifiedNameFormat}$`);
const labelValueFormat = `(${qualifiedNameFormat})?`;
const labelValuePattern = new RegExp(`^${labelValueFormat}$`);
const subdomainLabelFormat = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const subdomainFormat = `${subdomainLabelFormat}(\\.${subdomainLabelFormat})*`;
const subdomainPattern = new RegExp(`^${subdomainFormat}$`);

function regexError(message: string, format: string, examples: readonly string[]): string {
  // Same shape (and the same doubled spaces) as apimachinery's RegexError.
  return `${message} (e.g. ${examples.map((example) => `'${example}', `).join(' or ')}regex used for validation is '${format}')`;
}

const qualifiedNameMessage =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Problems with a label key (`[prefix/]name`), empty when it is valid. */
export function qualifiedNameErrors(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errors.push('prefix part must be no more than 253 characters');
      if (!subdomainPattern.test(prefix)) {
        errors.push(
          `prefix part ${regexError(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            subdomainFormat,
            ['example.com'],
          )}`,
        );
      }
    }
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameMessage, qualifiedNameFormat, ['MyName', 'my.name', '123-abc'])} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push('name part must be no more than 63 characters');
  if (!qualifiedNamePattern.test(name)) {
    errors.push(`name part ${regexError(qualifiedNameMessage, qualifiedNameFormat, ['MyName', 'my.name', '123-abc'])}`);
  }
  return errors;
}

/** Problems with a label value, empty when it is valid. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!labelValuePattern.test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFormat,
        ['MyValue', 'my_value', '12345'],
      ),
    );
  }
  return errors;
}

/** Go's %q for the ASCII strings selectors hold; JSON quoting agrees on them. */
export const quote = (value: string): string => JSON.stringify(value);

/** A field.Invalid error text: `<field>: Invalid value: <value>: <detail>`. */
export function invalid(field: string, badValue: string, detail: string): string {
  return `${field}: Invalid value: ${badValue}: ${detail}`;
}

/** An aggregate of errors as utilerrors prints it: one alone, several in brackets. */
export function aggregate(errors: readonly string[]): string | undefined {
  const unique = [...new Set(errors)];
  if (unique.length === 0) return undefined;
  if (unique.length === 1) return unique[0];
  return `[${unique.join(', ')}]`;
}

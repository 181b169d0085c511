/**
 * Argument parsing for every command, on Node's `util.parseArgs`: options declared once per
 * command, unknown options and bad values turned into a one-line usage error (exit code 2).
 */

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './env';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  /** Every operand, those after `--` too: that is how a path that starts with `-` is given. */
  readonly positionals: string[];
  /** The operands written before `--` and after it, which `napkin diff` tells apart (revisions, then the file). */
  readonly beforeDashes: string[];
  readonly afterDashes: string[];
}

export function parseCommandArgs(command: string, args: readonly string[], options: OptionSpec): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new CliError(`${usageMessage(error)} (see napkin ${command} --help)`);
  }
  const dashes = parsed.tokens.find((t) => t.kind === 'option-terminator');
  const afterDashes = dashes ? parsed.tokens.filter((t) => t.kind === 'positional' && t.index > dashes.index).map((t) => (t as { value: string }).value) : [];
  const beforeDashes = parsed.positionals.slice(0, parsed.positionals.length - afterDashes.length);
  return { values: parsed.values as Parsed['values'], positionals: parsed.positionals, beforeDashes, afterDashes };
}

/** `--format` and other enumerated options: the value, or a usage error naming the choices. */
export function choice<T extends string>(name: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${name} must be ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}, not ${JSON.stringify(value)}`);
}

export function wholeNumber(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new CliError(`--${name} must be a whole number of 0 or more, not ${JSON.stringify(value)}`);
}

export function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function usageMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take/.test(message)) return `option ${option} takes no value`;
    // `--max-warnings -1`: a value that starts with `-` reads as another option.
    if (/ambiguous/.test(message)) return `option ${option} needs a value; one that starts with "-" is written ${option}=VALUE`;
    return `option ${option} needs a value`;
  }
  return message.split('\n')[0]!;
}

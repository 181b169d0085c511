/**
 * One input file through the core: read it, find its configuration, analyze it with the
 * configured assumptions and precision, then apply inline suppressions and the rule settings.
 * Every command starts here, so they all agree on what a file says.
 */

import { analyze, type Analysis, type Language } from '../core/analysis';
import { applyConfig, type NapkinConfig } from '../core/config';
import type { Diagnostic } from '../core/diagnostics';
import { applySuppressions } from '../core/suppressions';
import type { ConfigResolver } from './config-files';
import { CliError, type Env } from './env';
import type { InputFile } from './files';
import { lineIndex, type LineIndex } from './positions';
import { readText } from './read';
import { willAnalyse } from './v8-flags';

export interface CheckedFile {
  readonly file: InputFile;
  readonly text: string;
  readonly analysis: Analysis;
  /** After suppressions and rule settings, in document order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly lines: LineIndex;
  readonly config: NapkinConfig;
}

/** A file that could not be checked: one line each for stderr (several for a bad config). */
export interface FileFailure {
  readonly file: InputFile;
  readonly messages: readonly string[];
  readonly kind: 'read' | 'config' | 'internal';
}

export function languageOf(path: string): Language {
  return path.toLowerCase().endsWith('.napkin') ? 'napkin' : 'markdown';
}

export function checkFile(env: Env, configs: ConfigResolver, file: InputFile): CheckedFile | FileFailure {
  const read = readFile(env, configs, file);
  return isFailure(read) ? read : checkOrFail(file, read.text, read.config);
}

/** `checkText`, with a failure inside the core returned as the file's failure instead of thrown. */
export function checkOrFail(file: InputFile, text: string, config: NapkinConfig): CheckedFile | FileFailure {
  try {
    return checkText(file, text, config);
  } catch (error) {
    if (error instanceof CliError) return { file, messages: [error.message], kind: 'internal' };
    throw error;
  }
}

/** A file read, with the configuration that applies to it. */
export interface ReadFile {
  readonly text: string;
  readonly config: NapkinConfig;
  /** Its size and time of last change when it was read (`stampOf`). */
  readonly stamp: string;
}

/** The first half of `checkFile`: the file's configuration and text. */
export function readFile(env: Env, configs: ConfigResolver, file: InputFile): ReadFile | FileFailure {
  const configured = configs.configFor(file.absolute);
  if (!configured.ok) return { file, messages: configured.errors, kind: 'config' };
  const read = readText(env, file);
  if (!read.ok) return { file, messages: [read.message], kind: 'read' };
  return { text: read.text, config: configured.config, stamp: read.stamp };
}

/**
 * The same, for text that did not come from the file on disk (a git revision). A failure inside
 * the core (a bug) becomes a CliError naming the file, so one bad file is one line on stderr and
 * exit code 2 while the other files are still checked.
 */
export function checkText(file: InputFile, text: string, config: NapkinConfig): CheckedFile {
  willAnalyse(text.length);
  return guardInternal(file, () => {
    const analysis = analyze(text, { language: languageOf(file.path), precision: config.precision, assume: config.assume });
    const diagnostics = applyConfig(applySuppressions(analysis, analysis.diagnostics), config);
    return { file, text, analysis, diagnostics, lines: lineIndex(text), config };
  });
}

/** Runs one file's work; an unexpected error becomes a one-line CliError that names the file. */
export function guardInternal<T>(file: InputFile, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(internalErrorMessage(file, error));
  }
}

export function internalErrorMessage(file: InputFile, error: unknown): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `${file.path}: internal error while checking this file (${what.split('\n')[0]}); please report it with the file`;
}

export function isFailure<T extends object>(result: T | FileFailure): result is FileFailure {
  return 'messages' in result;
}

/**
 * The CLI's entry point: `main(params) → exit code`, with the process injected (argv, cwd,
 * stdout, stderr, fs, env) so tests run it in-process. It reads the command and hands the rest
 * of the arguments to that command's module.
 */

import { diff } from './diff';
import { CliError, resolveEnv, type Env, type ExitCode, type MainParams } from './env';
import { estimate } from './estimate';
import { visible } from './format/visible';
import { lint } from './lint';
import { render } from './render';
import { sync } from './sync';
import { commandUsage, mainUsage } from './usage';
import { version } from './version';

export type { MainParams, ExitCode } from './env';

const commands: Record<string, (env: Env, args: readonly string[]) => Promise<ExitCode>> = { lint, estimate, render, sync, diff };

export async function main(params: MainParams): Promise<ExitCode> {
  // Messages quote file names and design text: never let a control character reach the terminal.
  const stderr = { write: (chunk: string) => params.stderr.write(visible(chunk)), isTTY: params.stderr.isTTY };
  const env = resolveEnv({ ...params, stderr });
  const [command, ...args] = params.argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = command === 'help' ? args[0] : undefined;
    env.stdout.write(topic && commandUsage[topic] ? commandUsage[topic] : mainUsage);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    env.stdout.write(`${version}\n`);
    return 0;
  }
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) {
    env.stderr.write(`napkin: unknown command ${JSON.stringify(command)}; the commands are lint, estimate, render, sync and diff (napkin --help)\n`);
    return 2;
  }
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.includes('--help') || options.includes('-h')) {
    env.stdout.write(commandUsage[command]!);
    return 0;
  }
  try {
    return await run(env, args);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    env.stderr.write(`napkin ${command}: ${error.message}\n`);
    return 2;
  }
}

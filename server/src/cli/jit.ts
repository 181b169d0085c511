/**
 * When a CLI run lets V8 optimise. A lint is one short process: on a docs folder of a MB or two it
 * is over before optimised (TurboFan) code pays back the compiling, which runs on the second core
 * and takes memory that this kind of machine is slow to hand out, so baseline code alone finishes
 * sooner. A bigger run still wants optimised code, from its start. So the executable starts with
 * TurboFan off, and a command turns it on when it is about to analyse enough text to repay it
 * (measured in bench/history.md, "When a lint lets V8 optimise").
 *
 * Only the executable (`bin.ts`) defers; a process that calls `main` itself, as the tests do, keeps
 * V8's default, and the functions below do nothing.
 */

import { setFlagsFromString } from 'node:v8';

/** Bytes of design files from which optimised code pays for itself: the two cross near 2 MB here. */
const OPTIMISE_FROM = 2_000_000;

/** While deferring: the bytes analysed so far, for commands that did not say how many they will analyse. */
let deferred: { analysed: number } | undefined;

/** Starts the run without TurboFan. Node keeps V8's flags writable after start-up for `setFlagsFromString`. */
export function deferOptimisation(): void {
  setFlagsFromString('--no-turbofan');
  deferred = { analysed: 0 };
}

/** A command that knows how much it will analyse says so once, before it starts: optimise from the start, or not at all. */
export function willAnalyseInAll(bytes: number): void {
  if (!deferred) return;
  deferred = undefined;
  if (bytes >= OPTIMISE_FROM) setFlagsFromString('--turbofan');
}

/** Before analysing one text: unless a total was given, optimise once the texts so far add up to enough. */
export function willAnalyse(length: number): void {
  if (!deferred) return;
  deferred.analysed += length;
  if (deferred.analysed < OPTIMISE_FROM) return;
  deferred = undefined;
  setFlagsFromString('--turbofan');
}

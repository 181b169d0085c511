/**
 * V8 settings for a run of the CLI, which is one short process. Three of V8's defaults suit a long
 * one instead, and machines of this kind (VMs that have handed out memory at 1.3 to 20 µs a page)
 * make them costly:
 *
 * - The young generation grows towards 16 MB on fresh pages. A CLI run's objects die young (one
 *   file's analysis at a time), so it stays at its first size, on pages already touched.
 * - Each collection of that young generation is shared out to V8's helper threads. With it kept
 *   small, a collection is over sooner on the thread that asked for it: handing the work out and
 *   waiting for the helpers cost more than they did (and a lint's worker thread wants that core).
 * - The optimising compiler (TurboFan): on a docs folder of a MB or two the run is over before
 *   optimised code pays back the compiling, which runs on the second core and takes memory, so
 *   baseline code alone finishes sooner. A bigger run still wants it, from its start. So the run
 *   starts with it off, and a command turns it on when it is about to analyse enough text to repay it.
 *
 * Measured in bench/history.md ("A short run's V8 settings"). Only the executable calls
 * `startShortRun` (`start.ts` sets the flags before it compiles the bundle, since V8's code cache
 * holds the flags it was made with, and `bin.ts` again); a process that calls `main` itself, as the
 * tests do, keeps V8's defaults, and the other functions then do nothing.
 */

import { setFlagsFromString } from 'node:v8';

/** Bytes of design files from which optimised code pays for itself: the two cross near 2 MB here. */
export const OPTIMISE_FROM = 2_000_000;

/** While deferring: the bytes analysed so far, for commands that did not say how many they will analyse. */
let deferred: { analysed: number } | undefined;

/** Node keeps V8's flags writable after start-up for `setFlagsFromString`; these two are read as the run goes. */
export function startShortRun(): void {
  shortRunFlags();
  deferred = { analysed: 0 };
}

/** The flags a short run starts with; setting them again changes nothing. */
export function shortRunFlags(): void {
  keepYoungGeneration();
  setFlagsFromString('--no-parallel-scavenge');
  setFlagsFromString('--no-turbofan');
}

/**
 * The young generation kept at its first size. Set again by a lint's worker thread as it starts:
 * V8 puts the growth factor back to 2, its least, for the whole process when it makes a new
 * isolate (`v8.cachedDataVersionTag()` after a worker is that of factor 2), which would let the
 * main thread's young generation grow again and make V8 turn the code cache down in the worker.
 */
export function keepYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** A command that knows how much each of its threads will analyse says so once, before it starts: optimise from the start, or not at all. */
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

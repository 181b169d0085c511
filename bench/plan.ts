/** What each part of `npm run bench` runs on: sizes, runs and warm-ups; the smoke run keeps everything tiny. */
export function plan(smoke: boolean, quick = false) {
  return smoke
    ? {
        lspSizes: [100, 200],
        lspEdits: 3,
        lspWarmup: 1,
        likec4Sizes: [100],
        likec4Edits: 2,
        lintNotes: 4,
        lintRuns: 1,
        likec4Validate: false,
        previewLines: 50,
        previewEdits: 1,
        previewWarmup: 1,
        initRuns: 1,
        activationRuns: 0,
        scaleBase: 20,
        scaleNotes: 1,
        scaleRuns: 1,
      }
    : {
        lspSizes: [1_000, 10_000, 50_000],
        // Napkin's edits take milliseconds: 100 of them make a median that one busy moment of a
        // shared machine cannot move (30 did not).
        lspEdits: 100,
        // The server runs for hours in an editor: measure it with the JIT warm.
        lspWarmup: 30,
        likec4Sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 50_000],
        likec4Edits: 5,
        lintNotes: 400,
        lintRuns: 5,
        likec4Validate: true,
        previewLines: 250,
        previewEdits: 41,
        // A few uncounted edits first, as when someone starts typing: the host's code is then warm.
        previewWarmup: 5,
        initRuns: 7,
        activationRuns: 9,
        scaleBase: 500,
        scaleNotes: 4,
        scaleRuns: 5,
      };
}

export type Plan = ReturnType<typeof plan>;

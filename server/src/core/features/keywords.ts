/** The language's keywords (not the component kinds, which are in the catalogue), with their docs. */

export const keywordDocs: Readonly<Record<string, string>> = {
  group: 'Puts components in one box (a subgraph in diagrams): `group east "us-east-1" { … }`.',
  flow: 'A step-by-step sequence, one step per line: `a -> b : message`; `-->` is a reply. Drawn as a sequence diagram.',
  assume: 'Overrides a unit (`assume day = 100K s`) or a kind default (`assume service.capacity = 20K/s`) for this document.',
  assert: 'A budget that CI enforces: `assert peak_qps < 50K/s`. A false assert is an error.',
  per: 'Reads as `/`: `5 req per user per day` is `5 req/user/day`.',
};

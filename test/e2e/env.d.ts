// Types of env.js for test/e2e.test.ts (env.js is plain CommonJS so that the runners need no build).
export declare const paths: {
  readonly root: string;
  readonly suite: string;
  readonly workspace: string;
  readonly codeServerEntry: string;
  readonly chromium: string;
  readonly server: string;
  readonly client: string;
};
export declare function missingSetup(): string | undefined;
export declare function isolatedEnv(tmp: string): NodeJS.ProcessEnv;

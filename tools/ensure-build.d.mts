// Types of the build helper for the TypeScript tests that call it.
export function ensureBuild(options?: { quiet?: boolean }): void;

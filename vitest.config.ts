import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the decorators (and emits their metadata) that Nest's DI needs; esbuild cannot.
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        plugins,
        test: { name: 'unit', include: ['src/**/*.spec.ts'], environment: 'node', setupFiles: ['reflect-metadata'] },
      },
      {
        plugins,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e-spec.ts'],
          environment: 'node',
          // One app at a time against the shared local Kafka and MongoDB; each spec uses its own topics and database.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['reflect-metadata'],
        },
      },
    ],
  },
});

import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Lints `code` as if it were the file at `path` (relative to the repository), with the project's own ESLint config. */
async function lint(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module edges (npm run check)', () => {
  it('refuses an import that climbs into a module the importer may not use', async () => {
    const refused = await lint(
      'src/movies/movie.repository.ts',
      "import { KafkaProducer } from '../stream/kafka-producer.service.js';\nexport { KafkaProducer };\n",
    );
    expect(refused).toEqual([expect.stringContaining('src/movies may not import src/stream')]);
    const deeper = await lint(
      'src/ingest/dto/start-ingest.dto.ts',
      "import { AnswerQueryDto } from '../../analytics/dto/answer.query.dto.js';\nexport { AnswerQueryDto };\n",
    );
    expect(deeper).toEqual([expect.stringContaining('src/ingest may not import src/analytics')]);
    const rootFile = await lint('src/stream/stream.module.ts', "import { AppModule } from '../app.module.js';\nexport { AppModule };\n");
    expect(rootFile).toEqual([expect.stringContaining("may not import the app's root files")]);
  }, 60_000);

  it('lets a module import what its edges allow', async () => {
    expect(
      await lint('src/analytics/analytics.service.ts', "import { ReadModel } from '../read-model/read-model.service.js';\nexport { ReadModel };\n"),
    ).toEqual([]);
    expect(
      await lint('src/stream/stream.module.ts', "import { MovieRepository } from '../movies/movie.repository.js';\nexport { MovieRepository };\n"),
    ).toEqual([]);
  }, 60_000);
});

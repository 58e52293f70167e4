import { PATH_METADATA } from '@nestjs/common/constants.js';
import { describe, expect, it } from 'vitest';
import { AnalyticsController } from '../analytics.controller.js';
import { AnalyticsTablesController } from '../analytics-tables.controller.js';
import { TableQueryDto } from '../dto/table.query.dto.js';
import { QUESTION_UNITS } from './index.js';

describe('the question registry', () => {
  it('gives every question a GET route typed with its own DTO, so validation and OpenAPI follow from the registry', () => {
    const prototype = AnalyticsController.prototype as unknown as Record<string, object>;
    for (const unit of QUESTION_UNITS) {
      const handler = prototype[unit.name];
      expect(handler, unit.name).toBeTypeOf('function');
      expect(Reflect.getMetadata(PATH_METADATA, handler), unit.name).toBe(unit.route);
      expect(Reflect.getMetadata('design:paramtypes', prototype, unit.name)[0], unit.name).toBe(unit.query);
    }
  });

  it('gives every question with a table a table route', () => {
    const prototype = AnalyticsTablesController.prototype as unknown as Record<string, object>;
    const withTables = QUESTION_UNITS.filter((unit) => 'table' in unit && unit.table);
    expect(withTables.length).toBeGreaterThan(0);
    for (const unit of withTables) {
      const method = `table_${unit.name}`;
      expect(Reflect.getMetadata(PATH_METADATA, prototype[method]!), method).toBe((unit as { table: { route: string } }).table.route);
      expect(Reflect.getMetadata('design:paramtypes', prototype, method)[0]).toBe(TableQueryDto);
    }
  });

  it('has unique names, routes and table routes', () => {
    const unique = (values: string[]) => new Set(values).size === values.length;
    expect(unique(QUESTION_UNITS.map((u) => u.name))).toBe(true);
    expect(unique(QUESTION_UNITS.map((u) => u.route))).toBe(true);
    expect(unique(QUESTION_UNITS.flatMap((u) => ('table' in u && u.table ? [u.table.route] : [])))).toBe(true);
  });
});

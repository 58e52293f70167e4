// The parameter decorators live in common (the ingest's DTOs use them too); re-exported for the analytics DTOs.
export * from '../../common/dto/query-params.js';

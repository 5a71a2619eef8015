/** Question sets: the schema (schema.ts); problems, validation, import and built-in sets build on it. */
export * from './schema.ts';

export * from './model';
export * from './conditions';
export * from './book-issues';
export { parseTariffBook, TARIFF_BOOK_FILES, TARIFF_BOOK_TABLES } from './parse-book';
export { MANIFEST_FILE } from './parse-manifest';

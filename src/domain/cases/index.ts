export * from './case';
export * from './dates';

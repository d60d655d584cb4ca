export * from './decimal';
export * from './rounding';
export * from './allocate';

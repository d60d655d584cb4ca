export * from './capitation-error';
export * from './age-sex-bands';
export * from './band-counter';
export * from './compute-capitation';
export * from './allocate-budget';

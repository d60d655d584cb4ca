export * from './result';
export { createGrouper, type GrouperOptions } from './group-case';
export { runEdits } from './edits';
export { deriveFeatures, type DerivedFeatures } from './derive-features';

export * from './explanation';
export * from './capitation-explanation';

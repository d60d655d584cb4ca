export * from './model';
export * from './conditions';

export * from './result';
export * from './return-codes';
export * from './price-case';
export type { DischargeSituation } from './discharge-situation';

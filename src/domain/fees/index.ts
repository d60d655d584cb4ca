export * from './return-codes';
export * from './licence';
export * from './fee-schedule';
export * from './price-services';

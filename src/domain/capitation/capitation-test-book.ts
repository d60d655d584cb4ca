// The small capitation book the capitation specs share.
import { Dec } from '../money/decimal';
import type { CapitationBand } from '../tariff-book/model';
import { testBook } from '../testing/book-builder';

const band = (
  code: string,
  sex: CapitationBand['sex'],
  ageFrom: number,
  ageTo: number,
  coefficient: string,
): CapitationBand => ({
  code,
  sex,
  ageFrom,
  ageTo,
  coefficient: new Dec(coefficient),
});

/** Annual base 420,000, withhold 0.1 (test manifest defaults); four bands; rural 1.15, mountainous 1.1. */
export const capitationBook = testBook({
  capitationBands: [
    band('B0-4', '*', 0, 4, '1.8'),
    band('M5-64', 'M', 5, 64, '1.0'),
    band('F5-64', 'F', 5, 64, '1.2'),
    band('B65', '*', 65, 120, '2.1'),
  ],
  capitationAdjustments: new Map([
    ['RURAL', { code: 'RURAL', description: 'rural', value: new Dec('1.15') }],
    ['MOUNT', { code: 'MOUNT', description: 'mountainous', value: new Dec('1.1') }],
  ]),
});

import { groupThousands } from '../cli/summary-table';
import { csvRow } from './csv';
import { spreadsheetNumber } from './xlsx';

describe('csvRow', () => {
  it('quotes only what needs quoting and ends with CRLF', () => {
    expect(csvRow(['F-1', 'Clinic, north', 'say "hi"', null, 12, ' x'])).toBe(
      'F-1,"Clinic, north","say ""hi""",,12," x"\r\n',
    );
  });
});

describe('spreadsheetNumber', () => {
  it('gives a number only when it reads back as exactly the same decimal', () => {
    expect(spreadsheetNumber('14614380.00')).toBe(14614380);
    expect(spreadsheetNumber('-50000.00')).toBe(-50000);
    expect(spreadsheetNumber('0.6350')).toBe(0.635);
    expect(spreadsheetNumber('9999999999999.99')).toBe(9999999999999.99);
  });

  it('keeps an amount beyond 15 significant digits as exact text', () => {
    expect(spreadsheetNumber('1234567890123456.78')).toBe('1234567890123456.78');
  });
});

describe('groupThousands', () => {
  it('groups digits on the decimal text, sign and fraction kept', () => {
    expect(groupThousands('15253850.00')).toBe('15,253,850.00');
    expect(groupThousands('-50000.00')).toBe('-50,000.00');
    expect(groupThousands('999.99')).toBe('999.99');
    expect(groupThousands('1234567890123456.78')).toBe('1,234,567,890,123,456.78');
  });
});

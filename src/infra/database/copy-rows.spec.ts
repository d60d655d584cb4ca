import { Dec } from '../../domain/money';
import { CopyRowError, csvChunks, csvLine, quoteTableName, type CopyRow } from './copy-rows';

describe('csvLine', () => {
  it('quotes every value, doubles quotes and leaves NULL as the one unquoted empty field', () => {
    expect(csvLine(['a"b', '', null, new Dec('-0.50')], 4, 1)).toBe('"a""b","",,"-0.5"\n');
    expect(csvLine([undefined, 'x\ny', '\\.'], 3, 1)).toBe(',"x\ny","\\."\n');
  });

  it('names the row at fault', () => {
    expect(() => csvLine(['a'], 2, 17)).toThrow(new CopyRowError(17, 'has 1 values, expected 2'));
  });
});

describe('csvChunks', () => {
  it('pulls rows from the source only as chunks are consumed (what lets COPY apply backpressure)', async () => {
    let pulled = 0;
    function* endless(): Generator<CopyRow> {
      for (;;) {
        pulled++;
        yield ['x'.repeat(1000)];
      }
    }
    const chunks = csvChunks(endless(), 1);
    const first = await chunks.next();
    // Each line is 1,003 characters; the first chunk closes at 64 KiB: 66 lines.
    expect(pulled).toBe(66);
    expect((first.value as string).length).toBe(66 * 1003);
    await chunks.next();
    expect(pulled).toBe(132);
    await chunks.return(undefined);
  });
});

describe('quoteTableName', () => {
  it('quotes each part of a qualified name', () => {
    expect(quoteTableName('public.copy_probe')).toBe('"public"."copy_probe"');
    expect(quoteTableName('we"ird')).toBe('"we""ird"');
  });
});

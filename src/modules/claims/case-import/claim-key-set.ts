// The claims seen so far in one import, to find a claim filed twice. A million-case import would put
// a million strings in a Map that lives to the end of the import, and every major garbage collection
// would trace all of them. This set keeps the keys' bytes in one growing buffer and the table in
// typed arrays, which the collector does not look into: a string hash picks the slot, and the stored
// bytes are compared exactly, so two different claims are never taken for one.

const EMPTY = -1;

export class ClaimKeySet {
  /** Slot → entry index, or EMPTY. */
  private slots: Int32Array;
  private mask: number;
  /** Per entry: hash, row number, and where its key bytes are. */
  private hashes: Uint32Array;
  private rows: Int32Array;
  private starts: Uint32Array;
  private lengths: Uint16Array;
  private bytes: Buffer;
  private used = 0;
  private count = 0;
  private scratch = Buffer.alloc(512);

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    const entries = capacity >>> 1;
    this.hashes = new Uint32Array(entries);
    this.rows = new Int32Array(entries);
    this.starts = new Uint32Array(entries);
    this.lengths = new Uint16Array(entries);
    this.bytes = Buffer.alloc(entries * 32);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds the claim with its row number, or returns the row number it was first added with (and
   * changes nothing). The key is the ids' UTF-8 with a NUL between them (ids never contain NUL).
   */
  addOrGet(facilityId: string, claimId: string, rowNo: number): number | undefined {
    const most = 3 * (facilityId.length + claimId.length) + 1;
    if (most > this.scratch.length) this.scratch = Buffer.alloc(most * 2);
    const at = this.scratch.write(facilityId, 0, 'utf8');
    this.scratch[at] = 0;
    const length = at + 1 + this.scratch.write(claimId, at + 1, 'utf8');
    const hash = hashBytes(this.scratch, length);
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === EMPTY) break;
      if (
        this.hashes[entry] === hash &&
        this.lengths[entry] === length &&
        this.bytes.compare(this.scratch, 0, length, this.starts[entry], this.starts[entry] + length) === 0
      ) {
        return this.rows[entry];
      }
      slot = (slot + 1) & this.mask;
    }
    if (length > 0xffff) throw new RangeError(`claim key of ${length} characters is too long`);
    if (this.count === this.hashes.length) {
      this.grow();
      return this.addOrGet(facilityId, claimId, rowNo);
    }
    if (this.used + length > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.scratch.copy(this.bytes, this.used, 0, length);
    const entry = this.count++;
    this.hashes[entry] = hash;
    this.rows[entry] = rowNo;
    this.starts[entry] = this.used;
    this.lengths[entry] = length;
    this.used += length;
    this.slots[slot] = entry;
    return undefined;
  }

  /** Twice the table; entries keep their index, only the slots are laid out again. */
  private grow(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = this.hashes[e] & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = e;
    }
    const entries = capacity >>> 1;
    this.hashes = resized(this.hashes, new Uint32Array(entries));
    this.rows = resized(this.rows, new Int32Array(entries));
    this.starts = resized(this.starts, new Uint32Array(entries));
    this.lengths = resized(this.lengths, new Uint16Array(entries));
  }
}

function resized<T extends Uint32Array | Int32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** FNV-1a over the first `length` bytes, with a final mix so linear probing sees spread-out slots. */
function hashBytes(b: Buffer, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

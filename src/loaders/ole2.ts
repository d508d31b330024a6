// Sanity check of an OLE2 compound file header (.doc, .xls) before a library walks it: counts that cannot fit the file are refused.

const SIGNATURE = 0xd0cf11e0a1b11ae1n;

/**
 * Throws when the header of an OLE2 file declares more sectors than the file holds
 * (FAT, mini FAT, DIFAT or directory counts, or the directory start), or a sector size
 * other than 512 or 4096 bytes. Parsers trust these counts and allocate arrays from
 * them: a damaged 4 KB .doc declaring a million FAT sectors kept word-extractor busy for
 * seconds and can end in a fatal "invalid array length" that stops the whole process.
 */
export function checkOle2Header(buf: Buffer): void {
  if (buf.length < 512 || buf.readBigUInt64BE(0) !== SIGNATURE) throw new Error("not an OLE2 compound file (bad signature or shorter than its header)");
  const shift = buf.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) throw new Error(`OLE2 sector shift ${shift} (expected 9 or 12)`);
  const sectors = Math.ceil((buf.length - 512) / 2 ** shift);
  const counts: Array<[string, number]> = [
    ["FAT sectors", buf.readUInt32LE(0x2c)],
    ["mini FAT sectors", buf.readUInt32LE(0x40)],
    ["DIFAT sectors", buf.readUInt32LE(0x48)],
    ["directory sectors", buf.readUInt32LE(0x28)],
  ];
  for (const [name, count] of counts) {
    if (count > sectors) throw new Error(`OLE2 header declares ${count} ${name}, the file holds ${sectors} sectors`);
  }
  const dirStart = buf.readUInt32LE(0x30);
  if (dirStart >= sectors) throw new Error(`OLE2 directory starts at sector ${dirStart}, the file holds ${sectors} sectors`);
}

const NO_SECTOR = 0xfffffffc; // ids from here up are markers (DIFAT, FAT, end of chain, free), not sectors
const NO_STREAM = 0xffffffff;
const DIRECTORY_ENTRY_BYTES = 128;

/** The sectors of an OLE2 file and its FAT, read defensively (past the end reads as "no sector"). */
interface Ole2Layout {
  sectorBytes: number;
  sectors: number;
  u32: (offset: number) => number;
  sectorOffset: (id: number) => number;
  /** The FAT: the sector after `id` in its chain. */
  next: (id: number) => number;
  /** The sectors of the FAT itself. */
  fatSectors: number[];
}

function readLayout(buf: Buffer): Ole2Layout {
  const sectorBytes = 2 ** buf.readUInt16LE(0x1e);
  const sectors = Math.ceil((buf.length - 512) / sectorBytes);
  const idsPerSector = sectorBytes / 4;
  const u32 = (offset: number): number => (offset + 4 <= buf.length ? buf.readUInt32LE(offset) : NO_STREAM);
  const sectorOffset = (id: number): number => (id + 1) * sectorBytes;
  // The FAT's own sectors: 109 listed in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(u32(0x4c + 4 * i));
  const seenDifat = new Set<number>();
  for (let id = u32(0x44); id < Math.min(sectors, NO_SECTOR) && !seenDifat.has(id); id = u32(sectorOffset(id) + sectorBytes - 4)) {
    seenDifat.add(id);
    for (let i = 0; i < idsPerSector - 1; i++) fatSectors.push(u32(sectorOffset(id) + 4 * i));
  }
  const next = (id: number): number => {
    const fatSector = fatSectors[Math.floor(id / idsPerSector)];
    return fatSector === undefined || fatSector >= sectors ? NO_STREAM : u32(sectorOffset(fatSector) + 4 * (id % idsPerSector));
  };
  return { sectorBytes, sectors, u32, sectorOffset, next, fatSectors: fatSectors.filter((id) => id < sectors) };
}

/** A chain of sectors from `start`, stopping where it ends, leaves the file or comes back on itself. */
function chainOf(start: number, limit: number, next: (id: number) => number): number[] {
  const chain: number[] = [];
  const seen = new Set<number>();
  for (let id = start; id < Math.min(limit, NO_SECTOR) && !seen.has(id); id = next(id)) {
    seen.add(id);
    chain.push(id);
  }
  return chain;
}

/** Throws when following `next` from some id of 0..count-1 comes back to it: a chain without an end. */
function checkNoCycle(what: string, count: number, next: (id: number) => number): void {
  const state = new Uint8Array(count); // 0 not seen, 1 on the walk in progress, 2 known to end
  for (let startId = 0; startId < count; startId++) {
    const walk: number[] = [];
    let id = startId;
    while (id < count && state[id] === 0) {
      state[id] = 1;
      walk.push(id);
      id = next(id);
    }
    if (id < count && state[id] === 1) throw new Error(`OLE2 ${what} chain through sector ${id} loops back on itself`);
    for (const w of walk) state[w] = 2;
  }
}

/**
 * Throws when a sector chain of an OLE2 file (in the FAT or the mini FAT) loops back
 * on itself. word-extractor follows a stream's chain until it ends, collecting sector
 * ids: around a loop it filled memory until V8 stopped the process (a .doc found by
 * the fuzzer). Expects a file that passed checkOle2Header.
 */
export function checkOle2Chains(buf: Buffer): void {
  const { sectors, u32, sectorOffset, next, sectorBytes } = readLayout(buf);
  checkNoCycle("FAT", sectors, next);
  const miniFat = chainOf(u32(0x3c), sectors, next);
  const perSector = sectorBytes / 4;
  const miniNext = (id: number): number => {
    const sector = miniFat[Math.floor(id / perSector)];
    return sector === undefined ? NO_STREAM : u32(sectorOffset(sector) + 4 * (id % perSector));
  };
  checkNoCycle("mini FAT", miniFat.length * perSector, miniNext);
}

/**
 * Throws when the directory of an OLE2 file is not a tree: a sibling or child pointer
 * out of range or to the root, an entry pointed to twice (a cycle, or two parents),
 * or one only detached entries point to. SheetJS's reader follows the parent links
 * it builds from these pointers up to the root, for ever around a cycle (a 4 KB .xls
 * found by the fuzzer). Expects a file that passed checkOle2Header.
 */
export function checkOle2Directory(buf: Buffer): void {
  const { sectorBytes, sectors, u32, sectorOffset, next } = readLayout(buf);

  // The directory's sectors, in chain order (a chain that loops back ends there).
  const chain = chainOf(u32(0x30), sectors, next);
  const perSector = sectorBytes / DIRECTORY_ENTRY_BYTES;
  const count = chain.length * perSector;
  const entryOffset = (i: number): number => sectorOffset(chain[Math.floor(i / perSector)]!) + (i % perSector) * DIRECTORY_ENTRY_BYTES;
  const inFile = (i: number): boolean => entryOffset(i) + DIRECTORY_ENTRY_BYTES <= buf.length;
  // Free entries count too (SheetJS links them like the others) unless all three pointers are 0: a zero-filled free entry.
  const children = (i: number): number[] => {
    if (!inFile(i)) return [];
    const pointers = [68, 72, 76].map((at) => u32(entryOffset(i) + at));
    return pointers.every((p) => p === 0) ? [] : pointers.filter((p) => p !== NO_STREAM);
  };

  const parents = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    for (const child of children(i)) {
      if (child >= count) throw new Error(`OLE2 directory entry ${i} points to entry ${child}, the directory holds ${count}`);
      if (child === 0 || parents.has(child)) throw new Error(`OLE2 directory entry ${child} is pointed to twice (entries ${parents.get(child) ?? "root"} and ${i})`);
      parents.set(child, i);
    }
  }
  // With one parent each, an entry not reached from the root sits on a cycle or hangs from one.
  const reached = new Set<number>([0]);
  for (const stack = [0]; stack.length > 0; ) {
    const i = stack.pop()!;
    for (const child of children(i)) if (!reached.has(child)) reached.add(child), stack.push(child);
  }
  for (const child of parents.keys()) {
    if (!reached.has(child)) throw new Error(`OLE2 directory entry ${child} is not reached from the root (a cycle)`);
  }
}

/** All the checks above, in order: what a library may trust before it walks an OLE2 file (.doc, .xls). */
export function checkOle2File(buf: Buffer): void {
  checkOle2Header(buf);
  checkOle2Directory(buf);
  checkOle2Chains(buf);
}

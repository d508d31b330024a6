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

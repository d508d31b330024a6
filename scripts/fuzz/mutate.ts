// Mutations for the loader fuzzer: byte-level damage for any file, plus member-level damage inside zip-based formats.

import JSZip from "jszip";

/** The project's deterministic generator (mulberry32): the same seed gives the same documents. */
export { rng as createRandom } from "../../bench/corpus.js";

export type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);

/** Strings that stress the text paths: markers, long runs, Vietnamese marks, control characters. */
const INSERTS = [
  "I. ",
  "\n1. ",
  "\na) ",
  "PHỤ LỤC\n| STT | Nội dung | Chủ trì |\n",
  "| 1 | x | Sở Nội vụ |\n",
  "trước ngày 31/12/2024",
  "hằng quý, ",
  "Ủy ban nhân dân",
  "\u0301\u0323\u0300",
  "\u0000\u0001\ufffd",
  "Céng hoµ x· héi",
  "\r\n\r\n",
  "(((((((((((",
  "-".repeat(2000),
  "a".repeat(5000),
  "1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.",
  " ;".repeat(3000),
  "Đơn vị thực hiện: ".repeat(200),
];

/** One byte-level mutation of a copy of `input`. */
export function mutateBytes(input: Buffer, random: Random): Buffer {
  const buf = Buffer.from(input);
  if (buf.length === 0) return Buffer.from(INSERTS[int(random, INSERTS.length)]!);
  switch (int(random, 8)) {
    case 0: {
      // Flip a few bits.
      for (let i = 0, n = 1 + int(random, 8); i < n; i++) buf[int(random, buf.length)]! ^= 1 << int(random, 8);
      return buf;
    }
    case 1: {
      // Overwrite a run with random bytes.
      const at = int(random, buf.length);
      for (let i = at; i < Math.min(buf.length, at + 1 + int(random, 64)); i++) buf[i] = int(random, 256);
      return buf;
    }
    case 2:
      // Truncate.
      return buf.subarray(0, int(random, buf.length));
    case 3: {
      // Delete a chunk.
      const at = int(random, buf.length);
      return Buffer.concat([buf.subarray(0, at), buf.subarray(Math.min(buf.length, at + 1 + int(random, 512)))]);
    }
    case 4: {
      // Duplicate a chunk.
      const at = int(random, buf.length);
      const chunk = buf.subarray(at, Math.min(buf.length, at + 1 + int(random, 1024)));
      return Buffer.concat([buf.subarray(0, at), chunk, chunk, buf.subarray(at)]);
    }
    case 5: {
      // Insert a stress string.
      const at = int(random, buf.length);
      return Buffer.concat([buf.subarray(0, at), Buffer.from(INSERTS[int(random, INSERTS.length)]!), buf.subarray(at)]);
    }
    case 6: {
      // Interesting integers over a 4-byte field (lengths, offsets, counts).
      const at = int(random, Math.max(1, buf.length - 4));
      const values = [0, 0xffffffff, 0x7fffffff, 0x80000000, 1, 0xffff];
      if (buf.length >= 4) buf.writeUInt32LE(values[int(random, values.length)]!, at);
      return buf;
    }
    default:
      // Only the first part of the file, repeated.
      return Buffer.concat([buf.subarray(0, 1 + int(random, Math.min(buf.length, 4096))), buf]);
  }
}

/** Mutates one member of a zip-based file (.docx, .odt, .xlsx, .zip) and repacks it; falls back to bytes if it is no zip. */
export async function mutateZipMember(input: Buffer, random: Random): Promise<Buffer> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(input);
  } catch {
    return mutateBytes(input, random);
  }
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  if (names.length === 0) return mutateBytes(input, random);
  const name = names[int(random, names.length)]!;
  const content = await zip.file(name)!.async("nodebuffer");
  const choice = int(random, 4);
  if (choice === 0) zip.remove(name);
  else if (choice === 1 && /\.(?:xml|rels)$/.test(name)) {
    // Text-level damage to XML keeps it mostly well-formed: drop or duplicate an element-sized slice.
    const xml = content.toString("utf8");
    const at = int(random, xml.length);
    const end = xml.indexOf(">", at + int(random, 400));
    zip.file(name, xml.slice(0, at) + (random() < 0.5 ? "" : xml.slice(at, end + 1) + xml.slice(at, end + 1)) + xml.slice(end < 0 ? xml.length : end + 1));
  } else zip.file(name, mutateBytes(content, random));
  return zip.generateAsync({ type: "nodebuffer", compression: random() < 0.5 ? "DEFLATE" : "STORE" });
}

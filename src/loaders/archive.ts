// .zip archives of plan files: lists and inflates the members with yauzl, refusing archive bombs (size, count, ratio, nesting).

import { basename, extname } from "node:path";
import yauzl from "yauzl";

/** Limits that keep a hostile archive from exhausting memory or time. */
export interface ArchiveLimits {
  /** Members (files) at most; default 200. */
  maxEntries: number;
  /** Total uncompressed bytes of the files read; default 200 MB. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one member; default 20 MB (the per-file limit). */
  maxEntryBytes: number;
  /** Uncompressed/compressed size ratio above which a large member is a bomb; default 200. */
  maxRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 200,
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntryBytes: 20 * 1024 * 1024,
  maxRatio: 200,
};

/** A member that could be read, or why it was skipped. */
export type ArchiveMember =
  | { name: string; data: Buffer }
  | { name: string; problem: "too-big" | "nested-archive"; size: number };

/** The archive as a whole is refused: not a zip, encrypted, or over a limit. */
export class ArchiveRejectedError extends Error {
  constructor(
    readonly problem: "corrupt" | "too-many-entries" | "too-large" | "bomb" | "encrypted",
    message: string,
  ) {
    super(message);
    this.name = "ArchiveRejectedError";
  }
}

const ARCHIVE_EXTENSIONS = new Set([".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz"]);
/** Files zip tools add that are not documents: macOS resource forks, hidden files, Windows thumbnails. */
const skipName = (path: string): boolean =>
  path.endsWith("/") || path.startsWith("__MACOSX/") || basename(path).startsWith(".") || /^(?:thumbs\.db|desktop\.ini)$/iu.test(basename(path));

/**
 * Reads the files of a zip archive held in memory, in archive order. Whole-archive
 * problems reject with ArchiveRejectedError; a member over the size limit or itself
 * an archive is returned with its problem so the caller can report it per file.
 */
export function readZip(buf: Buffer, limits: Partial<ArchiveLimits> = {}): Promise<ArchiveMember[]> {
  const lim = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (openErr, zip) => {
      if (openErr || !zip) return reject(new ArchiveRejectedError("corrupt", `cannot open zip: ${openErr?.message ?? "unknown error"}`));
      if (zip.entryCount > lim.maxEntries * 5) {
        zip.close();
        return reject(new ArchiveRejectedError("too-many-entries", `${zip.entryCount} entries, over the limit of ${lim.maxEntries * 5}`));
      }
      const members: ArchiveMember[] = [];
      let files = 0;
      let total = 0;
      let settled = false;
      const fail = (err: ArchiveRejectedError) => {
        if (settled) return;
        settled = true;
        zip.close();
        reject(err);
      };
      zip.on("error", (err: Error) => fail(new ArchiveRejectedError("corrupt", `corrupt zip: ${err.message}`)));
      zip.on("end", () => {
        if (settled) return;
        settled = true;
        resolve(members);
      });
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (skipName(name)) return zip.readEntry();
        if (++files > lim.maxEntries) return fail(new ArchiveRejectedError("too-many-entries", `more than ${lim.maxEntries} files`));
        if ((entry.generalPurposeBitFlag & 0x1) !== 0) return fail(new ArchiveRejectedError("encrypted", `member ${name} is encrypted`));
        const size = entry.uncompressedSize;
        if (ARCHIVE_EXTENSIONS.has(extname(name).toLowerCase())) {
          members.push({ name, problem: "nested-archive", size });
          return zip.readEntry();
        }
        if (size > lim.maxEntryBytes) {
          if (entry.compressedSize > 0 && size / entry.compressedSize > lim.maxRatio) {
            return fail(new ArchiveRejectedError("bomb", `member ${name} inflates ${entry.compressedSize} bytes to ${size} (ratio over ${lim.maxRatio})`));
          }
          members.push({ name, problem: "too-big", size });
          return zip.readEntry();
        }
        if ((total += size) > lim.maxTotalBytes) {
          return fail(new ArchiveRejectedError("too-large", `files inflate to more than ${lim.maxTotalBytes} bytes`));
        }
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return fail(new ArchiveRejectedError("corrupt", `cannot read ${name}: ${streamErr?.message ?? "no stream"}`));
          const chunks: Buffer[] = [];
          let read = 0;
          stream.on("data", (chunk: Buffer) => {
            read += chunk.length;
            // validateEntrySizes stops a member at its declared size; this is a second guard.
            if (read > lim.maxEntryBytes) {
              stream.destroy();
              fail(new ArchiveRejectedError("bomb", `member ${name} inflates past ${lim.maxEntryBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          stream.on("error", (err: Error) => fail(new ArchiveRejectedError("corrupt", `cannot inflate ${name}: ${err.message}`)));
          stream.on("end", () => {
            if (settled) return;
            members.push({ name, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

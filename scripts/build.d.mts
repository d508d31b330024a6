/** Types of scripts/build.mjs, for TypeScript callers (tests). */
export declare const ROOT: string;
export declare const SRC: string;
export declare const DIST: string;
export declare function sourceFiles(): string[];
export declare function isStale(): string | null;
export declare function build(options?: { quiet?: boolean }): Promise<void>;

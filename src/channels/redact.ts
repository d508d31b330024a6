/**
 * Keeps secrets (bot tokens, webhook secrets) out of logs and error messages:
 * HTTP client errors often carry the request URL, which holds the token.
 */

/** Returns a function that replaces every secret in a string with "***". */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const list = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
  return (text) => {
    let out = text;
    for (const s of list) out = out.split(s).join("***");
    return out;
  };
}

/** An error as a safe log field: name, message and code, secrets removed, no stack. */
export function safeError(err: unknown, redact: (text: string) => string): { name: string; message: string; code?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    // grammY's HttpError keeps the underlying error in `error`, fetch in `cause`.
    const inner = (err as { cause?: unknown }).cause ?? (err as { error?: unknown }).error;
    const causeText = inner instanceof Error ? ` (${inner.message})` : "";
    return {
      name: err.name,
      message: redact(err.message + causeText),
      ...(typeof code === "string" ? { code } : {}),
    };
  }
  return { name: "Error", message: redact(String(err)) };
}

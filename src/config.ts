/**
 * Configuration, parsed once at start-up from the environment (and `.env`) with
 * zod. Fails fast with a message naming the variable. Every variable is listed
 * in `.env.example`.
 */
import { z } from "zod";

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  );

const bool = (def: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? def : /^(1|true|yes|on)$/i.test(v)));

const int = (def: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an integer ≥ ${min}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const configSchema = z.object({
  STORE_DIR: z.string().default(".store"),
  PLANS_DIR: z.string().default("data/plans"),
  MAX_FILE_MB: int(20, 1),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TZ_NAME: z.string().default("Asia/Ho_Chi_Minh"),

  // Language model and embeddings (any OpenAI-compatible server).
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  LLM_MODEL: z.string().default("gpt-4o-mini"),
  EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  LLM_TIMEOUT_MS: int(20000, 100),

  // Telegram
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.string().url().default("https://api.telegram.org"),
  // Zalo Bot Platform
  ZALO_BOT_TOKEN: optionalString,
  ZALO_API_BASE: z.string().url().default("https://bot-api.zaloplatforms.com"),
  // Webhooks (polling when WEBHOOK_URL is empty)
  WEBHOOK_URL: optionalString,
  WEBHOOK_PORT: int(8080, 1),
  WEBHOOK_SECRET: optionalString,
  // Access control: "telegram:-100123,zalo:abc" or bare ids (any platform)
  ALLOWED_CHAT_IDS: csv,
  ADMIN_USER_IDS: csv,
  RATE_LIMIT_PER_MINUTE: int(20, 1),

  // Reminders
  REMINDERS_ENABLED: bool(true),
  REMINDER_LEAD_DAYS: z
    .string()
    .default("7,3,1,0")
    .transform((v, ctx) => {
      const days = v.split(",").map((s) => Number(s.trim()));
      if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 60)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected comma-separated days 0-60, got "${v}"` });
        return z.NEVER;
      }
      return [...new Set(days)].sort((a, b) => b - a);
    }),
  REMINDER_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM")
    .default("08:00"),
  REMINDER_WEEKEND_TO_FRIDAY: bool(true),
  REMINDER_TICK_SECONDS: int(60, 1),
});

export type Config = z.infer<typeof configSchema>;

/** Raised when the environment is invalid; the message names each bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Parse the configuration from an environment object (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return parsed.data;
}

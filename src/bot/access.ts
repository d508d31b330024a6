/**
 * Who may use the bot where: the chat allow-list (ALLOWED_CHAT_IDS) and the
 * admins (ADMIN_USER_IDS). Entries are "telegram:-100123" or a bare id that
 * matches on any platform.
 */
import type { ChatRef, Platform } from "../core/channel.js";

export interface AccessPolicy {
  /** True when an allow-list is set; when false the bot answers in every chat. */
  readonly restricted: boolean;
  isChatAllowed(chat: ChatRef): boolean;
  isAdmin(platform: Platform, userId: string): boolean;
}

export interface AccessPolicyOptions {
  allowedChatIds?: readonly string[];
  adminUserIds?: readonly string[];
  /**
   * The console is a local operator's terminal: allowed everywhere and admin
   * (default true). Tests switch this off to exercise the rules on the console.
   */
  trustConsole?: boolean;
}

const PLATFORMS = new Set<string>(["telegram", "zalo", "console"]);

function toMatcher(entries: readonly string[]): (platform: Platform, id: string) => boolean {
  const scoped = new Set<string>();
  const bare = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const i = entry.indexOf(":");
    if (i > 0 && PLATFORMS.has(entry.slice(0, i))) scoped.add(entry);
    else bare.add(entry);
  }
  return (platform, id) => bare.has(id) || scoped.has(`${platform}:${id}`);
}

/**
 * Build the access policy from configuration lists.
 * @example createAccessPolicy({ allowedChatIds: ["telegram:-100777"], adminUserIds: ["telegram:42"] })
 */
export function createAccessPolicy(opts: AccessPolicyOptions = {}): AccessPolicy {
  const allowed = opts.allowedChatIds ?? [];
  const chatMatches = toMatcher(allowed);
  const adminMatches = toMatcher(opts.adminUserIds ?? []);
  const trustConsole = opts.trustConsole ?? true;
  const restricted = allowed.some((e) => e.trim() !== "");
  return {
    restricted,
    isChatAllowed: (chat) =>
      (trustConsole && chat.platform === "console") || !restricted || chatMatches(chat.platform, chat.chatId),
    isAdmin: (platform, userId) => (trustConsole && platform === "console") || adminMatches(platform, userId),
  };
}

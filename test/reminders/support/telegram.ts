/** A send-only Telegram channel (the real grammY-based one) pointed at a loopback Bot API server. */
import pino from "pino";
import type { UserFromGetMe } from "grammy/types";
import type { Behaviour } from "../../../src/bot/behaviour.js";
import { createTelegramChannel, type TelegramChannel } from "../../../src/channels/telegram/channel.js";

const BOT_INFO = {
  id: 777000,
  is_bot: true,
  first_name: "Trợ lý Kế hoạch",
  username: "TroLyKeHoachBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
} as UserFromGetMe;

/** A behaviour that ignores updates: the channel is only used to send. */
const sendOnly: Behaviour = {
  commands: [],
  buttonCommand: () => null,
  handle: async () => undefined,
  handleButton: async () => undefined,
};

/**
 * The Telegram channel with its own throttler and retries switched off, so the
 * reminder dispatcher's limiter and 429 back-off are what is measured.
 */
export function sendOnlyTelegram(apiRoot: string, token: string): TelegramChannel {
  return createTelegramChannel({
    token,
    apiRoot,
    behaviour: sendOnly,
    logger: pino({ level: "silent" }),
    maxFileBytes: 1 << 20,
    throttle: false,
    retry: { maxRetryAttempts: 0 },
    botInfo: BOT_INFO,
  });
}

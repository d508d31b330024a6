/**
 * Send-only channels for operations from the command line (`reminders run`):
 * the real Telegram and Zalo channels, without polling or webhooks.
 */
import type { Behaviour } from "../bot/behaviour.js";
import type { Config } from "../config.js";
import type { Channel, Platform } from "../core/channel.js";
import type { Logger } from "../core/logger.js";
import type { ChatSettingsStore } from "../store/chatSettings.js";
import { createTelegramChannel } from "./telegram/index.js";
import { createZaloChannel } from "./zalo/index.js";

/** A behaviour that ignores updates: these channels only send. */
const IGNORE_UPDATES: Behaviour = {
  commands: [],
  buttonCommand: () => null,
  handle: async () => undefined,
  handleButton: async () => undefined,
};

/** The channels of every platform that has a token. */
export function createSendOnlyChannels(
  config: Pick<Config, "TELEGRAM_BOT_TOKEN" | "TELEGRAM_API_ROOT" | "ZALO_BOT_TOKEN" | "ZALO_API_BASE" | "MAX_FILE_MB">,
  settings: ChatSettingsStore,
  logger: Logger,
): Partial<Record<Platform, Channel>> {
  const channels: Partial<Record<Platform, Channel>> = {};
  if (config.TELEGRAM_BOT_TOKEN) {
    channels.telegram = createTelegramChannel({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      behaviour: IGNORE_UPDATES,
      logger,
      maxFileBytes: config.MAX_FILE_MB * 1024 * 1024,
    });
  }
  if (config.ZALO_BOT_TOKEN) {
    channels.zalo = createZaloChannel({ token: config.ZALO_BOT_TOKEN, apiBase: config.ZALO_API_BASE, behaviour: IGNORE_UPDATES, settings, logger });
  }
  return channels;
}

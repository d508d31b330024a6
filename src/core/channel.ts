/**
 * The small interface every chat channel (Telegram, Zalo, console) implements,
 * in the core's terms. The core never imports a channel; channels import this.
 */

export type Platform = "telegram" | "zalo" | "console";

/** A chat on a platform, written "telegram:-100777" in the CLI and the store. */
export interface ChatRef {
  platform: Platform;
  chatId: string;
}

export const chatKey = (chat: ChatRef): string => `${chat.platform}:${chat.chatId}`;

export function parseChatKey(key: string): ChatRef {
  const i = key.indexOf(":");
  const platform = key.slice(0, i);
  if (i <= 0 || !["telegram", "zalo", "console"].includes(platform) || key.length === i + 1) {
    throw new Error(`invalid chat "${key}": expected <telegram|zalo|console>:<chat id>`);
  }
  return { platform: platform as Platform, chatId: key.slice(i + 1) };
}

/** An inline button; `data` is an opaque action string handled by the behaviour (e.g. "sec:<plan>:<id>"). */
export interface Button {
  text: string;
  data: string;
}

/**
 * A message from the core to a chat. `text` is plain Vietnamese text; channels
 * escape or format it for their platform and split it to their size limit.
 */
export interface OutgoingMessage {
  text: string;
  buttons?: Button[][];
}

export interface IncomingMessage {
  chat: ChatRef;
  chatType: "private" | "group";
  messageId: string;
  userId: string;
  userName?: string;
  text: string;
  /** True when the message mentions the bot or replies to one of its messages. */
  addressedToBot: boolean;
  /** A document attached to (or replied to by) the message, not yet downloaded. */
  document?: { fileName: string; size?: number; fetch: () => Promise<Buffer> };
}

/** What a channel can do for the core. */
export interface Channel {
  readonly platform: Platform;
  /** Send a message to a chat; throws ChannelSendError on failure. */
  send(chatId: string, message: OutgoingMessage): Promise<void>;
  /** Send a file (e.g. an .ics calendar) to a chat. */
  sendDocument?(chatId: string, fileName: string, content: Buffer, caption?: string): Promise<void>;
}

/**
 * A console chat over readline: the same behaviour as Telegram and Zalo with
 * private-chat semantics, for `npm start` without tokens and the CLI `chat`
 * command. "/nap <đường dẫn>" reads a local file as the uploaded document.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Channel, IncomingMessage, OutgoingMessage } from "../../core/channel.js";
import type { Behaviour, Reply } from "../../bot/behaviour.js";
import { parseCommand } from "../../bot/commands.js";
import { messages } from "../../bot/messages.js";

export interface ConsoleChannel extends Channel {
  readonly platform: "console";
}

export interface ConsoleChatOptions {
  behaviour: Behaviour;
  input: Readable;
  output: Writable;
  /** Chat id in the store ("console:<chatId>"); default "local". */
  chatId?: string;
  /** Who is typing; default "console". */
  userId?: string;
  /** Prompt shown before each line; default "> " on a TTY, none otherwise. */
  prompt?: string;
}

/** Writes messages to `output`; buttons become "gõ /…" hints. */
export function createConsoleChannel(output: Writable, behaviour?: Behaviour): ConsoleChannel {
  const render = (message: OutgoingMessage): string => {
    const hints = (message.buttons ?? [])
      .flat()
      .map((b) => {
        const command = behaviour?.buttonCommand(b.data);
        return command ? messages.buttonHint(b.text, command) : null;
      })
      .filter((h): h is string => h !== null);
    return [message.text.trim(), ...(hints.length > 0 ? ["", ...hints] : [])].join("\n");
  };
  const write = (text: string): Promise<void> =>
    new Promise((resolve, reject) => output.write(`${text}\n\n`, (err) => (err ? reject(err) : resolve())));
  return {
    platform: "console",
    send: (_chatId, message) => write(render(message)),
    sendDocument: (_chatId, fileName, content, caption) =>
      write(`${caption ? `${caption}\n` : ""}[Tệp ${fileName}, ${content.length} byte]`),
  };
}

/**
 * Run an interactive chat until the input ends (Ctrl+D) or the user types /thoat.
 * @example await runConsoleChat({ behaviour, input: process.stdin, output: process.stdout });
 */
export async function runConsoleChat(opts: ConsoleChatOptions): Promise<void> {
  const chatId = opts.chatId ?? "local";
  const userId = opts.userId ?? "console";
  const channel = createConsoleChannel(opts.output, opts.behaviour);
  const reply: Reply = (m) => channel.send(chatId, m);
  const isTty = Boolean((opts.output as { isTTY?: boolean }).isTTY);
  const prompt = opts.prompt ?? (isTty ? "> " : "");
  const rl = createInterface({ input: opts.input, output: isTty ? opts.output : undefined, terminal: isTty });
  rl.setPrompt(prompt);
  let counter = 0;

  const toMessage = async (line: string): Promise<IncomingMessage> => {
    const msg: IncomingMessage = {
      chat: { platform: "console", chatId },
      chatType: "private",
      messageId: String(++counter),
      userId,
      text: line,
      addressedToBot: true,
    };
    const command = parseCommand(line);
    if (command?.name === "nap" && command.args) {
      const path = command.args;
      const size = await stat(path).then(
        (s) => s.size,
        () => undefined,
      );
      return {
        ...msg,
        text: "/nap",
        document: { fileName: basename(path), ...(size !== undefined ? { size } : {}), fetch: () => readFile(path) },
      };
    }
    return msg;
  };

  if (prompt) rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === "/thoat" || line === "/exit") break;
    // A terminal shows progress as its own lines (no editing).
    if (line) await opts.behaviour.handle(await toMessage(line), reply, { progress: (text) => channel.send(chatId, { text }).catch(() => {}) });
    if (prompt) rl.prompt();
  }
  rl.close();
}

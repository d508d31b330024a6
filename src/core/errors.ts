/**
 * Errors named after their cause. Each keeps the context a person needs to act,
 * and a Vietnamese `userMessage` that channels can show as is.
 */

export abstract class AppError extends Error {
  abstract readonly code: string;
  /** A short, polite Vietnamese sentence for the user. */
  abstract readonly userMessage: string;
}

/** The file cannot be read as a plan: wrong type, empty, too big, scanned, legacy encoding. */
export class UnsupportedFileError extends AppError {
  readonly code = "unsupported_file";
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly userMessage: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "UnsupportedFileError";
  }
}

/** A plan id that is not in the store. */
export class PlanNotFoundError extends AppError {
  readonly code = "plan_not_found";
  readonly userMessage: string;
  constructor(readonly planId: string) {
    super(`plan not found: ${planId}`);
    this.name = "PlanNotFoundError";
    this.userMessage = `Không tìm thấy kế hoạch "${planId}".`;
  }
}

/** Bad command-line or chat arguments. */
export class UsageError extends AppError {
  readonly code = "usage";
  constructor(
    message: string,
    readonly userMessage: string = message,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** The configured language model could not be used (timeout, rate limit, server error). */
export class LlmUnavailableError extends AppError {
  readonly code = "llm_unavailable";
  readonly userMessage = "Mô hình ngôn ngữ tạm thời không phản hồi; câu trả lời được lập từ dữ liệu kế hoạch.";
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`LLM unavailable: ${reason}`, options);
    this.name = "LlmUnavailableError";
  }
}

/** A channel (Telegram, Zalo) refused or failed to deliver a message. */
export class ChannelSendError extends AppError {
  readonly code = "channel_send";
  readonly userMessage = "Không gửi được tin nhắn.";
  constructor(
    readonly channel: string,
    readonly chatId: string,
    readonly reason: string,
    readonly retryAfterSec?: number,
  ) {
    super(`${channel} send to ${chatId} failed: ${reason}`);
    this.name = "ChannelSendError";
  }
}

/** A scanned document or an image needs OCR, and Tesseract (or its Vietnamese data, or pdftoppm) is not installed. */
export class OcrUnavailableError extends AppError {
  readonly code = "ocr_unavailable";
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly userMessage: string,
  ) {
    super(`${file}: OCR unavailable: ${reason}`);
    this.name = "OcrUnavailableError";
  }
}

/** Reading a file went past the reader's time or memory limit (a damaged or hostile file); the reader was stopped. */
export class DocumentTooComplexError extends AppError {
  readonly code = "document_too_complex";
  readonly userMessage: string;
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: reading stopped: ${reason}`);
    this.name = "DocumentTooComplexError";
    this.userMessage = `Tệp "${file}" quá phức tạp hoặc bị hỏng nên không đọc được trong giới hạn thời gian và bộ nhớ cho phép; vui lòng mở tệp, lưu lại (hoặc xuất lại) rồi gửi lại.`;
  }
}

/** The process reading a file stopped unexpectedly (a library crashed on a damaged file); nothing was stored. */
export class LoaderCrashedError extends AppError {
  readonly code = "loader_crashed";
  readonly userMessage: string;
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: reader process crashed: ${reason}`);
    this.name = "LoaderCrashedError";
    this.userMessage = `Không đọc được tệp "${file}": tệp bị hỏng khiến bộ đọc phải dừng; vui lòng mở tệp, lưu lại rồi gửi lại.`;
  }
}

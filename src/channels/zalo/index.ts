/** The Zalo Bot Platform channel and its typed API client. */
export * from "./channel.js";
export * from "./client.js";

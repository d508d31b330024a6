// Container health check: in webhook mode, GET /healthz on the webhook server must answer 200; with long polling
// (no WEBHOOK_URL) there is no server, and a running process is all there is to check.
const port = process.env.WEBHOOK_PORT || "8080";
if (!process.env.WEBHOOK_URL) process.exit(0);
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}

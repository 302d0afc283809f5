// Checks deliveries the way a receiver does, with the published Standard Webhooks library.
// stdin: [{"secret", "raw"?, "headers": {"webhook-id", ...}, "body"}]; stdout: [{"ok", "id"?, "error"?}].
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((m) => {
    try {
      const wh = m.raw ? new Webhook(m.secret, { format: "raw" }) : new Webhook(m.secret);
      const event = wh.verify(m.body, m.headers);
      return { ok: true, id: event.id };
    } catch (e) {
      return { ok: false, error: String(e.message) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});

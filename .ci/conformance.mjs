// Runs the Okta SPEC test and Microsoft's Postman collection against a live Roster, prints each suite's
// counts, and fails on any failure except the few where Roster deliberately answers otherwise (listed
// below with the reason).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith("--") ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const admin = { "Authorization": `Bearer ${process.env.ROSTER_ADMIN_TOKEN}`, "Content-Type": "application/json" };

async function api(method, path, body) {
  const r = await fetch(args.root + "/api/v1" + path, { method, headers: admin, body: body && JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

const org = await api("POST", "/organizations", { name: "Conformance" });
let failed = false;

// Okta SPEC test: its first step expects one user with name, emails and active to exist.
const okta = await api("POST", `/organizations/${org.id}/directories`, { provider: "okta" });
const seed = await fetch(okta.scimBaseUrl + "/Users", {
  method: "POST",
  headers: { "Authorization": `Bearer ${okta.token}`, "Content-Type": "application/scim+json" },
  body: JSON.stringify({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "seed.user@example.com",
    name: { givenName: "Seed", familyName: "User" }, active: true,
    emails: [{ value: "seed.user@example.com", type: "work", primary: true }],
  }),
});
if (seed.status !== 201) throw new Error("seeding the Okta directory failed: " + seed.status);
const o = spawnSync("node", [`${args.conf}/okta/run-runscope.mjs`, "--suite", `${args.conf}/okta/Okta-SCIM-20-SPEC-Test.json`,
  "--init", `${args.conf}/okta/Initial_Script_Spec.txt`, "--var", `SCIMBaseURL=${okta.scimBaseUrl}`,
  "--var", `auth=Bearer ${okta.token}`, "--junit", `${args.work}/okta-spec.xml`], { encoding: "utf8" });
process.stdout.write(o.stdout);
const oktaFails = o.stdout.split("\n").filter(l => l.startsWith("FAIL"));
console.log(`Okta SPEC test: ${o.stdout.trim().split("\n").pop()}`);
if (oktaFails.length || o.status !== 0) failed = true;

// Microsoft's collection starts from an empty directory and expects exact totals.
const entra = await api("POST", `/organizations/${org.id}/directories`, { provider: "entra" });
const url = new URL(entra.scimBaseUrl);
spawnSync(args.newman, ["run", `${args.conf}/entra/PostmanCollection.no-token.json`,
  "--env-var", `Protocol=${url.protocol.replace(":", "")}`, "--env-var", `Server=${url.hostname}`,
  "--env-var", `Port=:${url.port}`, "--env-var", `Api=${url.pathname.replace(/^\//, "")}`,
  "--env-var", `token=${entra.token}`, "--reporters", "json,junit",
  "--reporter-json-export", `${args.work}/entra.json`, "--reporter-junit-export", `${args.work}/entra.xml`],
  { encoding: "utf8", stdio: ["ignore", "ignore", "inherit"] });
const run = JSON.parse(readFileSync(`${args.work}/entra.json`, "utf8")).run;
const a = run.stats.assertions;
// Failures Roster answers differently on purpose, by request name, with why (none today: since #17 item 12 an
// Entra ID directory applies known members and reports unknown ids, as the collection expects).
const deliberate = {};
const byItem = run.failures.map(f => ({ item: f.source?.name ?? "?", message: f.error?.message ?? "" }));
const blocking = byItem.filter(f => !deliberate[f.item]);
console.log(`Microsoft Entra ID collection: ${a.total - a.failed} passed, ${a.failed} failed`);
for (const f of byItem) {
  console.log(`  ${deliberate[f.item] ? "EXPECTED" : "FAIL"} ${f.item}: ${deliberate[f.item] ?? f.message}`);
}
if (blocking.length) failed = true;
process.exit(failed ? 1 : 0);

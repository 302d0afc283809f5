// Runs the Okta SPEC test and Microsoft's Postman collection against a live Roster, prints each suite's
// counts, and fails when a test outside the features not built yet (/Groups, issue #3) fails.
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
const oktaBlocking = oktaFails.filter(l => !/Groups endpoint/i.test(l));
console.log(`Okta SPEC test: ${o.stdout.trim().split("\n").pop()}` +
  (oktaFails.length ? ` (${oktaFails.length - oktaBlocking.length} of them on /Groups, issue #3)` : ""));
if (oktaBlocking.length) failed = true;

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
const byItem = run.failures.map(f => ({ item: f.source?.name ?? "?", message: f.error?.message ?? "", parent: f.parent?.name ?? "" }));
const groupish = f => /group/i.test(f.item) || /group/i.test(f.parent);
const blocking = byItem.filter(f => !groupish(f));
console.log(`Microsoft Entra ID collection: ${a.total - a.failed} passed, ${a.failed} failed` +
  (a.failed ? ` (${a.failed - blocking.length} of them in group tests, issue #3)` : ""));
for (const f of blocking) console.log(`  FAIL ${f.parent} / ${f.item}: ${f.message}`);
if (blocking.length) failed = true;
process.exit(failed ? 1 : 0);

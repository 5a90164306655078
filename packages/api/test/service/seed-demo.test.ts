import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchDir } from "@connections/testkit";
import { authenticateAccessKey } from "../../src/auth/authenticate-access-key.ts";
import { signIn } from "../../src/auth/sign-in.ts";
import { seedDemo } from "../../src/seed/seed-demo.ts";
import { disableUser } from "../../src/users/disable-user.ts";
import { databaseSnapshot } from "./support/db-snapshot.ts";
import { refusal } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";

let services: ScratchServices;
let file: string;

beforeAll(async () => {
  services = await openScratchServices();
  file = join(scratchDir("seed"), "private", "demo-credentials.txt");
});
afterAll(() => services?.close());

function credentials(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
}

describe("db seed", () => {
  it("creates the demo project, user and key once; their secrets go only to a 0600 file", async () => {
    const result = await seedDemo(services, file);
    expect(result).toMatchObject({
      seeded: true,
      project: { id: "prj_demo" },
      user: { created: true },
      access_key: { created: true },
      credentials_file: file,
    });
    expect(JSON.stringify(result)).not.toMatch(/cnk_/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { DEMO_EMAIL, DEMO_PASSWORD, DYNAMIQ_PROJECT_ID, DYNAMIQ_ACCESS_KEY } = credentials();
    expect(DYNAMIQ_PROJECT_ID).toBe("prj_demo");
    expect((await signIn(services, { email: DEMO_EMAIL!, password: DEMO_PASSWORD! })).token).toEqual(expect.any(String));
    expect(await authenticateAccessKey(services, `Bearer ${DYNAMIQ_ACCESS_KEY}`)).toMatchObject({ projectIds: ["prj_demo"] });
  });

  it("a later run changes nothing, even after the operator disabled the demo user", async () => {
    await disableUser(services, "demo@connections.local");
    const written = readFileSync(file, "utf8");
    const before = await databaseSnapshot(services.db);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(["AccessKey", "Project", "Setting", "User"]));
    expect(before.User).toEqual([expect.objectContaining({ email: "demo@connections.local", disabledAt: expect.anything() })]);
    expect(await seedDemo(services, file)).toMatchObject({ seeded: false, credentials_file: null });
    expect(await databaseSnapshot(services.db)).toEqual(before);
    expect(readFileSync(file, "utf8")).toBe(written);
    const { DEMO_EMAIL, DEMO_PASSWORD } = credentials();
    expect((await refusal(signIn(services, { email: DEMO_EMAIL!, password: DEMO_PASSWORD! }))).app.message).toMatch(/disabled/);
  });
});

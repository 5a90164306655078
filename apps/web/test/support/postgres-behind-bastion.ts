import { delay, startPostgres, type PostgresServer } from "@connections/testkit";
import { startBastionLab, tunnelConfig, type BastionLab } from "./bastion-lab.ts";
import { createConnection, query } from "./connections.ts";
import { newTenant, type Tenant } from "./fixtures.ts";
import { uniqueName } from "./valid-inputs.ts";

/** A real bastion, PostgreSQL (password login) in its private network, and a tenant's connection through it. */
export interface PostgresBehindBastion {
  lab: BastionLab;
  pg: PostgresServer;
  tenant: Tenant;
  /** The tenant's tunnelled connection to `app` as `app_user`. */
  id: string;
  name: string;
  stop(): Promise<void>;
}

/** Something in front of the database, beside it in the private network (a counting proxy). */
export interface InFront {
  port: number;
  stop(): Promise<void>;
}

/** With `inFront`, the connection goes to what it starts rather than to PostgreSQL itself. */
export async function startPostgresBehindBastion(
  tenantName: string,
  { inFront, name = uniqueName(tenantName) }: { inFront?: (lab: BastionLab, pg: PostgresServer) => Promise<InFront>; name?: string } = {},
): Promise<PostgresBehindBastion> {
  const lab = await startBastionLab();
  let pg: PostgresServer | undefined;
  let front: InFront | undefined;
  const stop = async () => {
    await front?.stop();
    await pg?.stop();
    await lab.stop();
  };
  try {
    pg = await startPostgres({ ...lab.db, password: true });
    front = await inFront?.(lab, pg);
    const tenant = await newTenant(tenantName);
    const id = await createConnection(
      tenant,
      "PostgreSQL",
      {
        host: lab.dbHost,
        port: front?.port ?? pg.port,
        database: pg.app!.database,
        user: pg.app!.user,
        password: pg.app!.password,
        ssh_tunnel: tunnelConfig(lab),
      },
      name,
    );
    return { lab, pg, tenant, id, name, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until PostgreSQL shows `count` active statements whose text contains `marker`. */
export async function waitUntilRunning({ tenant, id }: PostgresBehindBastion, marker: string, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    // The marker is a parameter, so this probe's own text does not match.
    const seen = await query(tenant, id, "select count(*)::int from pg_stat_activity where state = 'active' and query like $1", [
      `%${marker}%`,
    ]);
    if (seen.status === 200 && seen.body.data.rows[0][0] >= count) return;
    await delay(20);
  }
  throw new Error(`${count} statements marked ${marker} never showed as running`);
}

/** What to set up on the bastion before a tunnel can work, in the order a test checks it; through jump hosts, on each of them too. */
export function BastionChecklist({ jumpHosts = 0 }: { jumpHosts?: number }) {
  return (
    <aside
      className="min-w-0 rounded-lg border bg-muted/50 p-4 text-sm [&_code]:font-mono [&_code]:text-xs [&_code]:wrap-break-word"
      aria-labelledby="bastion-checklist"
    >
      <h3 id="bastion-checklist" className="mb-2 font-semibold">
        Bastion checklist
      </h3>
      <ol className="list-decimal space-y-2 pl-5 text-muted-foreground">
        <li>Let this service reach the bastion's SSH port (22 or yours) through any firewall or security group.</li>
        <li>Give the service its own SSH user on the bastion, with its own key pair, so its access can be revoked alone.</li>
        <li>
          Put the connection's public key in that user's <code>~/.ssh/authorized_keys</code>: use the ready <code>authorized_keys</code>{" "}
          line shown after saving, which only allows forwarding to this database.
        </li>
        <li>
          In the bastion's <code>sshd_config</code>, keep <code>AllowTcpForwarding yes</code>, and if <code>PermitOpen</code> is set,
          include the database host and port.
        </li>
        <li>
          Let the bastion reach the database host and port (firewall, security group, <code>pg_hba.conf</code> or equivalent).
        </li>
        <li>
          Pin the bastion's host key (<code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the bastion), or leave it blank to
          trust the key seen on the first successful connection.
        </li>
        <li>Give the database user only the privileges it needs; if it only queries, turn on Read-only above too.</li>
      </ol>
      {jumpHosts > 0 ? (
        <p className="mt-3 text-muted-foreground">
          {jumpHosts === 1 ? "The jump host needs" : `Each of the ${jumpHosts} jump hosts needs`} steps 1 to 4 and 6 too, for the server
          after it: its <code>authorized_keys</code> line shown after saving allows forwarding only to that next server.
        </p>
      ) : null}
    </aside>
  );
}

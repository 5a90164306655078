/**
 * The line to put in the bastion user's authorized_keys: no shell, no PTY, no agent or X11
 * forwarding, and port forwarding only to the database's host and port.
 */
export function authorizedKeysLine(publicKey: string, dbHost: string, dbPort: number): string {
  const target = dbHost.includes(":") && !dbHost.startsWith("[") ? `[${dbHost}]` : dbHost;
  return `restrict,port-forwarding,permitopen="${target}:${dbPort}",command="/bin/false" ${publicKey}`;
}

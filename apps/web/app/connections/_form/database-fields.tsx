"use client";

import { useFormContext, useWatch } from "react-hook-form";
import { MYSQL_SSL_MODES, POSTGRESQL_SSL_MODES, TRINO_HTTP_SCHEMES, VERTICA_TLS_MODES, type ConnectionFormValues, type ConnectionType, type StoredSecrets } from "@connections/core";
import { CheckboxField, KEPT_HINT, SecretField, SelectField, TextAreaField, TextField } from "./form-fields.tsx";

const HOST_HINT = "The database's own address; with a tunnel, as the bastion reaches it";
const PEM_PLACEHOLDER = "-----BEGIN CERTIFICATE-----";

function options(values: readonly string[], blank?: string): Array<readonly [string, string]> {
  return [...(blank ? [["", blank] as const] : []), ...values.map((v) => [v, v] as const)];
}

function HostAndPort({ port, portHint }: { port: string; portHint?: string }) {
  return (
    <div className="field-row">
      <TextField name="config.host" label="Host" hint={HOST_HINT} placeholder="10.0.12.34" />
      <TextField name="config.port" label="Port" placeholder={port} inputMode="numeric" hint={portHint} />
    </div>
  );
}

function Login({ stored, passwordOptional }: { stored: StoredSecrets; passwordOptional?: boolean }) {
  return (
    <div className="field-row even">
      <TextField name="config.user" label="User" />
      <SecretField name="config.password" label={passwordOptional ? "Password (optional)" : "Password"} stored={stored.paths.has("password")} />
    </div>
  );
}

/** PostgreSQL's and MySQL's `ssl` block: a mode in the driver's own words, then CA and client certificate. */
function SslFields({ modes, stored }: { modes: readonly string[]; stored: StoredSecrets }) {
  const mode = useWatch<ConnectionFormValues>({ name: "config.ssl.mode" });
  return (
    <>
      <SelectField name="config.ssl.mode" label="TLS mode" options={options(modes, "Driver default (no ssl block)")} />
      {mode ? (
        <>
          <TextAreaField name="config.ssl.ca" label="CA certificate (PEM, optional)" placeholder={PEM_PLACEHOLDER} rows={3} />
          <TextAreaField name="config.ssl.cert" label="Client certificate (PEM, optional)" placeholder={PEM_PLACEHOLDER} rows={3} />
          <TextAreaField
            name="config.ssl.key"
            label="Client key (PEM, with the client certificate)"
            hint={stored.paths.has("ssl.key") ? KEPT_HINT : "Write-only: it is never shown again"}
            rows={3}
          />
        </>
      ) : null}
    </>
  );
}

function ClickHouseFields({ stored }: { stored: StoredSecrets }) {
  const secure = useWatch<ConnectionFormValues>({ name: "config.secure" });
  return (
    <>
      <HostAndPort port={secure ? "8443" : "8123"} portHint="HTTP interface: 8123, or 8443 with HTTPS" />
      <TextField name="config.database" label="Database" placeholder="default" />
      <div className="field-row even">
        <TextField name="config.user" label="User" placeholder="default" />
        <SecretField name="config.password" label="Password" stored={stored.paths.has("password")} hint="Blank is an empty password (ClickHouse's default user)" />
      </div>
      <CheckboxField name="config.secure" label="HTTPS (secure)" hint="The certificate is checked against the host name" />
      {secure ? <TextAreaField name="config.tls_ca" label="CA certificate (PEM, optional)" placeholder={PEM_PLACEHOLDER} rows={3} hint="Only for a private CA" /> : null}
    </>
  );
}

function TrinoFields({ stored }: { stored: StoredSecrets }) {
  const scheme = useWatch<ConnectionFormValues>({ name: "config.http_scheme" });
  return (
    <>
      <SelectField name="config.http_scheme" label="Protocol" options={options(TRINO_HTTP_SCHEMES)} />
      <HostAndPort port={scheme === "https" ? "443" : "8080"} />
      <Login stored={stored} passwordOptional />
      <div className="field-row even">
        <TextField name="config.catalog" label="Catalog (optional)" />
        <TextField name="config.schema" label="Schema (optional)" />
      </div>
      {scheme === "https" ? <TextAreaField name="config.tls_ca" label="CA certificate (PEM, optional)" placeholder={PEM_PLACEHOLDER} rows={3} hint="Only for a private CA" /> : null}
    </>
  );
}

/** The fields of the chosen database type, named after its `config` fields. */
export function DatabaseFields({ stored }: { stored: StoredSecrets }) {
  const { control } = useFormContext<ConnectionFormValues>();
  const type = useWatch({ control, name: "type" }) as ConnectionType;
  switch (type) {
    case "dynamiq.connections.PostgreSQL":
    case "dynamiq.connections.MySQL": {
      const postgres = type === "dynamiq.connections.PostgreSQL";
      return (
        <>
          <HostAndPort port={postgres ? "5432" : "3306"} />
          <TextField name="config.database" label="Database" />
          <Login stored={stored} />
          <SslFields modes={postgres ? POSTGRESQL_SSL_MODES : MYSQL_SSL_MODES} stored={stored} />
        </>
      );
    }
    case "dynamiq.connections.ClickHouse":
      return <ClickHouseFields stored={stored} />;
    case "dynamiq.connections.Vertica":
      return (
        <>
          <HostAndPort port="5433" />
          <TextField name="config.database" label="Database" />
          <Login stored={stored} />
          <SelectField name="config.tls_mode" label="TLS mode" options={options(VERTICA_TLS_MODES, "Driver default")} />
        </>
      );
    case "dynamiq.connections.Trino":
      return <TrinoFields stored={stored} />;
  }
}

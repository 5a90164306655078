export default function Home() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 720, margin: "3rem auto", lineHeight: 1.5 }}>
      <h1>Connections</h1>
      <p>
        Register databases and reach them through SSH bastions. The management API is at <code>/v1/connections</code>; its OpenAPI document
        is at <a href="/v1/openapi.json">/v1/openapi.json</a>.
      </p>
      <p>
        <a href="/connections">Open the Connections page</a> (sign in first).
      </p>
    </main>
  );
}

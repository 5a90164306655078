/**
 * The suites make thousands of tests and queries per key (R4 runs 10,000 in-process under soak),
 * so the shared test server and the tests' in-process context raise the call rate far past its
 * defaults. Sign-in limits keep theirs; throttling.test.ts starts its own servers with all defaults.
 */
export const RAISED_CALL_LIMITS = { CONNECTIONS_CALLS_PER_MINUTE: "1000000", CONNECTIONS_CALLS_BURST: "1000000" };

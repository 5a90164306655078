// Stands in for "server-only" when a test imports a route module outside Next: the real package
// throws unless bundled for the server, which is what these tests are.
export {};

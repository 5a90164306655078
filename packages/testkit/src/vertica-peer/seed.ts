// The fixture every peer starts with, so tests can assert on known rows without setup.
export const SEED_SQL = `
  CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
  INSERT INTO items (id, name) VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma');
`;

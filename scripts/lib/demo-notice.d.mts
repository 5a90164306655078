// Types for the test that checks `npm start` prints no demo secret.
export function demoNotice(options: {
  demo: { project: { id: string }; user: { email: string }; credentials_file: string | null };
  url: string;
  defaultFile: string;
  keyNotice: string | null;
}): string;

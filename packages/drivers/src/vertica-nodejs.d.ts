// vertica-nodejs ships no types; the driver declares the small part it uses (see vertica-driver.ts).
declare module "vertica-nodejs" {
  const vertica: unknown;
  export default vertica;
}

/**
 * `derive` run once per registry: the schemas derived from a registry are built when first asked
 * for and shared after, so the module defaults, the service context's REST schemas, the tRPC
 * router and each OpenAPI request use the same objects instead of building their own.
 */
export function oncePerRegistry<F extends (registry: never) => object>(derive: F): F;
export function oncePerRegistry(derive: (registry: object) => object): (registry: object) => object {
  const derived = new WeakMap<object, object>();
  return (registry) => {
    let value = derived.get(registry);
    if (value === undefined) {
      value = derive(registry);
      derived.set(registry, value);
    }
    return value;
  };
}

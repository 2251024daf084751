// Storage profiles of the goods: the band a cold room or a shipment must keep is the tightest band
// of the products it holds (a room with vaccines and insulin keeps 2-8 °C).
import { api, apiAll } from "./api.js";

let catalogPromise = null;

/** Profiles by id and products by GTIN, loaded once per page load. */
export function loadCatalog() {
  catalogPromise ??= Promise.all([api("/storage-profiles"), apiAll("/products")]).then(
    ([profiles, products]) => ({
      profiles: new Map(profiles.map((p) => [p.id, p])),
      products: new Map(products.map((p) => [p.gtin, p])),
    }),
  );
  return catalogPromise;
}

/** The profile of a GTIN's product, or null. */
export function profileOf(catalog, gtin) {
  const product = catalog.products.get(gtin);
  return product ? catalog.profiles.get(product.storage_profile_id) ?? null : null;
}

/** The tightest band over the GTINs' profiles: {min, max, names} or null when none is known. */
export function bandFor(catalog, gtins) {
  let min = null;
  let max = null;
  const names = new Set();
  for (const gtin of gtins) {
    const profile = profileOf(catalog, gtin);
    if (!profile) continue;
    names.add(profile.code);
    if (profile.temperature_min_c !== null) {
      min = min === null ? profile.temperature_min_c : Math.max(min, profile.temperature_min_c);
    }
    if (profile.temperature_max_c !== null) {
      max = max === null ? profile.temperature_max_c : Math.min(max, profile.temperature_max_c);
    }
  }
  if (!names.size) return null;
  // Goods with incompatible profiles in one place (2-8 °C next to frozen): no band fits them all.
  const conflict = min !== null && max !== null && min > max;
  return { min: conflict ? null : min, max: conflict ? null : max, names: [...names], conflict };
}

/** True if a temperature lies outside the band. */
export function outOfBand(band, temperatureC) {
  if (!band || band.conflict || temperatureC === null || temperatureC === undefined) return false;
  return (band.min !== null && temperatureC < band.min) || (band.max !== null && temperatureC > band.max);
}

// Names of the places an excursion happened: excursions carry location_id / shipment_id and
// site_id only, so the board looks the names up once per site (locations) and once per origin
// site (shipments) and keeps them for as long as it is open.
import { api, apiAll } from "./api.js";

/** A lookup of place names; ``label(excursion)`` resolves and caches on first use. */
export function placeNames(sites) {
  const locations = new Map();
  const shipments = new Map();
  const loadedSites = new Map();
  const loadedOrigins = new Map();

  const loadSite = (site) => {
    if (!loadedSites.has(site.id)) {
      loadedSites.set(site.id, api(`/sites/${encodeURIComponent(site.code)}/locations`).then(
        (rows) => rows.forEach((l) => locations.set(l.id, { name: l.name, site: site.name })),
        () => {},
      ));
    }
    return loadedSites.get(site.id);
  };
  const loadOrigin = (siteId) => {
    if (!loadedOrigins.has(siteId)) {
      loadedOrigins.set(siteId, apiAll("/shipments", { origin_site_id: siteId }).then(
        (rows) => rows.forEach((s) => shipments.set(s.id, s.code)),
        () => {},
      ));
    }
    return loadedOrigins.get(siteId);
  };

  /** {place, site, href} of an excursion: "Cold room 1" or "Shipment SHP-1", its site's name. */
  const label = async (excursion) => {
    const site = sites.find((s) => s.id === excursion.site_id);
    if (excursion.location_id !== null) {
      if (site) await loadSite(site);
      const found = locations.get(excursion.location_id);
      return { place: found?.name ?? `Location ${excursion.location_id}`, site: found?.site ?? site?.name ?? "", href: null };
    }
    if (excursion.site_id !== null) await loadOrigin(excursion.site_id);
    const code = shipments.get(excursion.shipment_id);
    return code
      ? { place: `Shipment ${code}`, site: site?.name ?? "", href: `#/shipments/${encodeURIComponent(code)}` }
      : { place: `Shipment ${excursion.shipment_id}`, site: site?.name ?? "", href: null };
  };
  return { label };
}

// Figures of a reading history: min / max from the buckets' peaks, mean kinetic temperature.

// USP <1160>: ΔH/R = 10,000 K; MKT = (ΔH/R) / -ln(Σ exp(-ΔH/(R·T_i)) / n), T in kelvin.
const DELTA_H_OVER_R_K = 10000;
const KELVIN = 273.15;

/** Min, max (bucket peaks, so no breach hides in a mean), reading count and span of buckets. */
export function summarize(buckets, quantity = "temperature_c") {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (const bucket of buckets) {
    const stat = bucket[quantity];
    if (stat.min !== null && stat.min < min) min = stat.min;
    if (stat.max !== null && stat.max > max) max = stat.max;
    if (stat.mean !== null) count += bucket.count;
  }
  return {
    min: Number.isFinite(min) ? min : null,
    max: Number.isFinite(max) ? max : null,
    count,
  };
}

/**
 * Mean kinetic temperature over bucket means, each weighted by its reading count. Exact when a
 * bucket holds one reading; with wider buckets it slightly understates MKT (Jensen), which the
 * page says next to the figure.
 */
export function meanKineticTemperature(buckets) {
  let weighted = 0;
  let n = 0;
  for (const bucket of buckets) {
    const mean = bucket.temperature_c.mean;
    if (mean === null || !bucket.count) continue;
    weighted += bucket.count * Math.exp(-DELTA_H_OVER_R_K / (mean + KELVIN));
    n += bucket.count;
  }
  if (n === 0) return null;
  return DELTA_H_OVER_R_K / -Math.log(weighted / n) - KELVIN;
}

/** Seconds of buckets whose peak left the band [low, high] (either bound may be null). */
export function timeOutOfRangeS(buckets, resolutionS, low, high) {
  let seconds = 0;
  for (const bucket of buckets) {
    const stat = bucket.temperature_c;
    if (stat.max === null) continue;
    const above = high !== null && high !== undefined && stat.max > high;
    const below = low !== null && low !== undefined && stat.min < low;
    if (above || below) seconds += resolutionS;
  }
  return seconds;
}

/** Buckets whose time falls in [start, end) (ISO strings or Dates; null means open). */
export function clip(buckets, start, end) {
  const from = start ? new Date(start).getTime() : -Infinity;
  const to = end ? new Date(end).getTime() : Infinity;
  return buckets.filter((b) => {
    const t = new Date(b.time).getTime();
    return t >= from && t < to;
  });
}

/** "4.2 °C" or "—". */
export function celsius(value) {
  return value === null || value === undefined ? "—" : `${value.toFixed(1)} °C`;
}

/** "2–8 °C", "≤ -20 °C", "15–25 °C" from a storage profile's bounds. */
export function bandLabel(band) {
  if (!band) return "no profile";
  if (band.conflict) return "conflicting profiles";
  const { min, max } = band;
  if (min !== null && max !== null) return min < 0 || max < 0 ? `${min} to ${max} °C` : `${min}–${max} °C`;
  if (max !== null) return `≤ ${max} °C`;
  if (min !== null) return `≥ ${min} °C`;
  return "no limits";
}

// Times in the site's time zone, with the UTC instant on hover (title) and in datetime=.

const formats = new Map();

function formatter(timeZone) {
  const key = timeZone || "UTC";
  if (!formats.has(key)) {
    formats.set(
      key,
      new Intl.DateTimeFormat("en-GB", {
        timeZone: key,
        year: "numeric",
        month: "short",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      }),
    );
  }
  return formats.get(key);
}

/** "23 Nov 2026, 16:05 CET" in ``timeZone``. */
export function formatLocal(value, timeZone) {
  if (!value) return "—";
  return formatter(timeZone).format(new Date(value));
}

/** "2026-11-23 15:05:00Z". */
export function formatUtc(value) {
  if (!value) return "";
  return `${new Date(value).toISOString().replace("T", " ").slice(0, 19)}Z`;
}

/** A <time> element: local time shown, UTC on hover and for screen readers via title. */
export function timeEl(value, timeZone) {
  const el = document.createElement("time");
  if (!value) {
    el.textContent = "—";
    return el;
  }
  el.dateTime = new Date(value).toISOString();
  el.title = `UTC ${formatUtc(value)}`;
  el.textContent = formatLocal(value, timeZone);
  return el;
}

/** "3 h 20 min" from seconds. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

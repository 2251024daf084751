// QA disposition of a quarantined lot through the disposition API: an electronic signature made by
// re-entering the password (21 CFR 11.200(a)), with the meaning tied to the decision and a
// mandatory reason; a spent stability budget needs a second signature to release. The signed
// decisions are listed with their manifestation: printed name, date and time, meaning (11.50).
import { api } from "../api.js";
import { flash, h, mount, notice, table } from "../dom.js";
import { formatUtc, timeEl } from "../time.js";

// The API refuses a meaning that does not go with the decision (disposition/flows.py).
const DECISIONS = [
  { decision: "release", label: "Release lot", meaning: "approved for release", releases: true, cls: "release" },
  { decision: "release_with_restriction", label: "Release with restriction", meaning: "approved for release with restriction", releases: true, cls: "release" },
  { decision: "reject", label: "Reject lot", meaning: "rejected", releases: false, cls: "reject danger" },
];

function manifestation(signature) {
  if (!signature) return "—";
  return `${signature.printed_name}, ${formatUtc(signature.signed_at)}, “${signature.meaning}”`;
}

/** The lot's signed decisions, oldest first. */
export function dispositionHistory(dispositions, tz) {
  if (!dispositions.length) return null;
  return table(
    "Signed decisions",
    ["Decided", "Decision", "Reason", "Restriction", "Signature", "Budget override"],
    dispositions.map((d) => [timeEl(d.decided_at, tz), d.decision.replaceAll("_", " "), d.reason, d.restriction ?? "—", manifestation(d.signature), manifestation(d.override_signature)]),
    { class: "dispositions" },
  );
}

function field(id, label, control) {
  return [h("label", { for: id }, label), control];
}

/** The signing form for ``lot``; ``spent`` asks for the override signature; ``onDone`` redraws. */
export function dispositionForm(lot, { spent }, ctx, onDone) {
  const password = h("input", { id: "sig-password", type: "password", required: true, autocomplete: "current-password" });
  const reason = h("textarea", { id: "sig-reason", required: true, rows: 3, maxlength: 2000 });
  const restriction = h("input", { id: "sig-restriction", maxlength: 2000, placeholder: "Only for Release with restriction" });
  const overUser = h("input", { id: "override-user", autocomplete: "off" });
  const overPassword = h("input", { id: "override-password", type: "password", autocomplete: "off" });
  const error = h("div", { "aria-live": "assertive" });
  const refuse = (text) => mount(error, notice(text, "error"));

  const decide = (choice) => async (event) => {
    event.preventDefault();
    mount(error);
    if (!password.value) return refuse("Re-enter your password to sign.");
    if (!reason.value.trim()) return refuse("A reason is required.");
    const restricted = choice.decision === "release_with_restriction";
    if (restricted && !restriction.value.trim()) return refuse("Say what the restriction is.");
    const body = { decision: choice.decision, meaning: choice.meaning, password: password.value, reason: reason.value.trim() };
    if (restricted) body.restriction = restriction.value.trim();
    if (spent && choice.releases) {
      if (!overUser.value.trim() || !overPassword.value) return refuse("The stability budget is spent: a second signature (username and password) is required to release.");
      body.override = { username: overUser.value.trim(), password: overPassword.value };
    }
    try {
      const signed = await api(`/dispositions/lots/${lot.id}`, { method: "POST", body, signing: true });
      flash(`Lot ${lot.lot_number}: ${choice.label.toLowerCase()} signed by ${manifestation(signed.signature)}.`);
      onDone();
    } catch (exc) {
      password.value = "";
      refuse(exc.message);
    }
  };

  return h(
    "form",
    { class: "disposition", "aria-labelledby": "disp-title" },
    h("h2", { id: "disp-title" }, "Disposition"),
    h("p", {}, "Signing as ", h("strong", {}, ctx.me.user.display_name), ` (${ctx.me.user.username}). Your printed name, the date and time and the meaning below are recorded with the signature.`),
    field("sig-password", "Password (re-enter to sign)", password),
    field("sig-reason", "Reason", reason),
    field("sig-restriction", "Restriction", restriction),
    spent
      ? h(
          "fieldset",
          { class: "override" },
          h("legend", {}, "Budget override: second signature"),
          notice("This lot's stability budget is spent. Releasing it needs a signed override by a QA user (you may sign it yourself).", "error"),
          field("override-user", "Username", overUser),
          field("override-password", "Password", overPassword),
        )
      : null,
    h(
      "p",
      { class: "actions" },
      DECISIONS.map((choice) => [
        h("button", { type: "submit", class: choice.cls, "aria-describedby": `meaning-${choice.decision}`, onclick: decide(choice) }, choice.label),
        " ",
      ]),
    ),
    h(
      "ul",
      { class: "muted meanings" },
      DECISIONS.map((choice) => h("li", { id: `meaning-${choice.decision}` }, `${choice.label}: signed as “${choice.meaning}”`)),
    ),
    error,
  );
}

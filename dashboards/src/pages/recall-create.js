// The form that starts a recall or a mock recall (drill) through POST /recalls, for roles with
// recalls:write: the lots by number, the class (21 CFR 7.3(m)), why, the health hazard evaluation
// (7.41) and what consignees must do (7.49(c)). A drill is the default: it traces and drafts the
// notices but sends nothing and leaves the lots alone, so a slip of the finger recalls nothing.
import { field, h, mount, notice } from "../dom.js";
import { RECALL_CLASSES, createRecall, explain } from "../recall-api.js";
import { lotsNumbered } from "./recall-scope.js";

const pad = (n) => String(n).padStart(2, "0");

/** "DRILL-20261123-1605" or "RC-...": a code suggestion the user may change. */
function suggestedCode(drill, now = new Date()) {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `${drill ? "DRILL" : "RC"}-${stamp}`;
}

function kindChoice(value, label, hint, checked) {
  const id = `recall-kind-${value}`;
  return h(
    "label",
    { class: "choice", for: id },
    h("input", { type: "radio", name: "recall-kind", id, value, checked }),
    h("span", {}, h("strong", {}, label), h("br"), h("small", { class: "muted" }, hint)),
  );
}

/** Lot ids for the numbers typed (commas or spaces between them); throws naming unknown ones. */
async function lotIds(text) {
  const numbers = [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
  if (!numbers.length) throw new Error("Name at least one lot.");
  const found = await Promise.all(numbers.map(async (n) => [n, await lotsNumbered(n)]));
  const missing = found.filter(([, lots]) => !lots.length).map(([n]) => n);
  if (missing.length) throw new Error(`No such lot: ${missing.join(", ")}.`);
  return found.flatMap(([, lots]) => lots.map((lot) => lot.id));
}

/** The "Start a recall" form; ``lotNumber`` pre-fills the lots (from a traced scope). */
export function recallForm(lotNumber = "") {
  const code = h("input", { id: "recall-code", required: true, maxlength: 64, pattern: "[A-Za-z0-9][A-Za-z0-9._:\\-]*", value: suggestedCode(true) });
  const lots = h("input", { id: "recall-lots", required: true, value: lotNumber, autocomplete: "off" });
  const classification = h("select", { id: "recall-class", required: true }, RECALL_CLASSES.map((c) => h("option", { value: c.value, selected: c.value === "II" }, c.label)));
  const reason = h("textarea", { id: "recall-reason", required: true, rows: 2, maxlength: 2000 });
  const hazard = h("textarea", { id: "recall-hazard", required: true, rows: 2, maxlength: 2000 });
  const instructions = h("textarea", { id: "recall-instructions", required: true, rows: 2, maxlength: 2000 });
  const replyTo = h("input", { id: "recall-reply", maxlength: 200, placeholder: "the recalling firm's quality assurance" });
  const error = h("div", { "aria-live": "assertive" });
  const submit = h("button", { type: "submit" }, "Create recall");
  let codeTouched = false;
  code.addEventListener("input", () => (codeTouched = true));

  const form = h(
    "form",
    { class: "recall-create", "aria-labelledby": "recall-create-title" },
    h("h2", { id: "recall-create-title" }, "Start a recall"),
    h(
      "fieldset",
      { class: "kind" },
      h("legend", {}, "Kind"),
      kindChoice("drill", "Mock recall (drill)", "Traces and drafts the notices; nothing is sent and no lot changes status. Measures the time to trace.", true),
      kindChoice("recall", "Recall", "Notices are sent to every consignee; the lots become recalled and are held at the portals.", false),
    ),
    field("recall-code", "Recall code", code, "Letters, digits and . _ : - only."),
    field("recall-lots", "Lots to recall", lots, "Lot numbers, separated by commas or spaces."),
    field("recall-class", "Classification", classification),
    field("recall-reason", "Reason for the recall", reason),
    field("recall-hazard", "Health hazard evaluation", hazard),
    field("recall-instructions", "Instructions to consignees", instructions),
    field("recall-reply", "Consignees reply to (optional)", replyTo, "Who consignees report back to; named in every notice."),
    h("p", { class: "actions" }, submit),
    error,
  );
  form.addEventListener("change", (event) => {
    if (event.target.name !== "recall-kind" || codeTouched) return;
    code.value = suggestedCode(event.target.value === "drill");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    mount(error);
    submit.disabled = true;
    try {
      const drill = form.querySelector("input[name='recall-kind']:checked").value === "drill";
      const body = {
        code: code.value.trim(),
        classification: classification.value,
        lot_ids: await lotIds(lots.value),
        reason: reason.value.trim(),
        health_hazard: hazard.value.trim(),
        instructions: instructions.value.trim(),
        drill,
      };
      if (replyTo.value.trim()) body.reply_to = replyTo.value.trim();
      const created = await createRecall(body);
      window.location.hash = `#/recalls/${encodeURIComponent(created.code)}`;
    } catch (exc) {
      mount(error, notice(exc.problem ? explain(exc) : exc.message, "error"));
      submit.disabled = false;
    }
  });
  return form;
}

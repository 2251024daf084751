// What a role with recalls:write does on an open recall: record a consignee's response (who
// acknowledged, how many units came back; the API keeps the last answer and audits the change)
// and close the recall with a reason (21 CFR 7.55: once every consignee has answered; a drill may
// close with answers missing).
import { field, flash, h, mount, notice } from "../dom.js";
import { acknowledgeNotice, closeRecall, explain, noticeState } from "../recall-api.js";

/** Submit ``form`` through ``run``; errors go to ``error``, success to ``onDone``. */
function handle(form, button, error, run, onDone) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    mount(error);
    button.disabled = true;
    try {
      flash(await run());
      onDone();
    } catch (exc) {
      mount(error, notice(exc.problem ? explain(exc) : exc.message, "error"));
      button.disabled = false;
    }
  });
}

/** The form recording one consignee's acknowledgement and returned units. */
export function responseForm(recall, onDone) {
  const nameOf = (n) => n.content.consignee?.name ?? n.consignee;
  const pending = recall.notices.find((n) => !n.acknowledged_at) ?? recall.notices[0];
  const consignee = h(
    "select",
    { id: "response-consignee", required: true },
    recall.notices.map((n) => h("option", { value: n.consignee, selected: n === pending }, `${nameOf(n)} (${n.consignee}): ${noticeState(n, recall.drill)}`)),
  );
  const by = h("input", { id: "response-by", required: true, maxlength: 200, autocomplete: "off" });
  const units = h("input", { id: "response-units", type: "number", required: true, min: 0, step: 1, inputmode: "numeric", "aria-describedby": "response-units-hint" });
  const unitsHint = h("small", { id: "response-units-hint", class: "muted" });
  const error = h("div", { "aria-live": "assertive" });
  const button = h("button", { type: "submit" }, "Record response");
  const selected = () => recall.notices.find((n) => n.consignee === consignee.value);
  const fit = () => {
    const n = selected();
    units.max = String(n.units_shipped);
    units.value = String(n.units_returned);
    by.value = n.acknowledged_by ?? "";
    unitsHint.textContent = `of ${n.units_shipped} shipped; 0 if the consignee holds none.`;
  };
  consignee.addEventListener("change", fit);
  fit();
  const form = h(
    "form",
    { class: "recall-form", "aria-labelledby": "response-title" },
    h("h2", { id: "response-title" }, "Record a consignee's response"),
    field("response-consignee", "Consignee", consignee),
    field("response-by", "Acknowledged by", by, "The person at the consignee who answered."),
    h("div", { class: "field" }, h("label", { for: "response-units" }, "Units returned"), units, unitsHint),
    h("p", { class: "actions" }, button),
    error,
  );
  handle(
    form,
    button,
    error,
    async () => {
      const n = await acknowledgeNotice(recall.code, consignee.value, by.value.trim(), Number(units.value));
      return `${nameOf(selected())}: response recorded, ${n.units_returned} of ${n.units_shipped} units returned.`;
    },
    onDone,
  );
  return form;
}

/** The form closing the recall with a reason; blocked while a consignee has not answered. */
export function closeForm(recall, onDone) {
  const waiting = recall.drill ? [] : recall.notices.filter((n) => !n.acknowledged_at);
  const reason = h("textarea", { id: "close-reason", required: true, rows: 2, maxlength: 2000 });
  const error = h("div", { "aria-live": "assertive" });
  const blocked = waiting.length > 0;
  const why = blocked ? `${waiting.length} of ${recall.notices.length} consignees have not responded; the recall can close once every consignee has answered.` : null;
  const button = h("button", { type: "submit", class: "danger", disabled: blocked, "aria-describedby": blocked ? "close-blocked" : null }, "Close recall");
  const form = h(
    "form",
    { class: "recall-form", "aria-labelledby": "close-title" },
    h("h2", { id: "close-title" }, "Close the recall"),
    why ? h("p", { id: "close-blocked", class: "notice" }, why) : null,
    field("close-reason", "Reason for closing", reason, "Why every reasonable effort has been made; kept in the audit trail."),
    h("p", { class: "actions" }, button),
    error,
  );
  handle(form, button, error, async () => (await closeRecall(recall.code, reason.value.trim()), `Recall ${recall.code} closed.`), onDone);
  return form;
}

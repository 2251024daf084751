// The login form: username and password; the API answers with an HttpOnly session cookie.
import { api } from "../api.js";
import { h, mount, notice } from "../dom.js";

/** Render the login form; ``onLoggedIn`` runs after a successful login. */
export function renderLogin(main, onLoggedIn) {
  const error = h("div", { "aria-live": "assertive" });
  const username = h("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const form = h(
    "form",
    { class: "login", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "Log in to coldtrace"),
    h("label", { for: "username" }, "Username"),
    username,
    h("label", { for: "password" }, "Password"),
    password,
    h("button", { type: "submit" }, "Log in"),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    mount(error);
    try {
      await api("/auth/login", {
        method: "POST",
        body: { username: username.value, password: password.value },
      });
      await onLoggedIn();
    } catch (exc) {
      mount(error, notice(exc.status === 429 ? exc.message : "Wrong username or password.", "error"));
    }
  });
  mount(main, form);
  username.focus();
}

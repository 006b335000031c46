import { createLiveView, html } from "liveviewjs";

export const MIN_NAME_LENGTH = 2;
export const COLORS = ["red", "green", "blue"];
const TOO_SHORT = "name is too short";

// phx-change "validate" echoes the fields and sets #name-error while the name
// is shorter than MIN_NAME_LENGTH; phx-submit "save" appends a valid name to
// #names and clears the input, or shows the error and keeps the input.
// #name-error stays empty until the first event, as nothing was typed yet.
export const formView = createLiveView({
  mount: (socket, _session, params) => {
    // The token travels in a hidden field because liveviewjs checks it on
    // form events when present and logs a warning on every event without it.
    socket.assign({
      csrf: params?._csrf_token ?? "",
      name: "",
      agree: false,
      color: COLORS[0],
      error: "",
      names: [],
    });
  },
  handleEvent: (event, socket) => {
    if (event.type !== "validate" && event.type !== "save") return;
    const name = typeof event.name === "string" ? event.name : "";
    const fields = {
      name,
      agree: event.agree === "true",
      color: COLORS.includes(event.color) ? event.color : COLORS[0],
      error: name.length < MIN_NAME_LENGTH ? TOO_SHORT : "",
    };
    if (event.type === "save" && fields.error === "") {
      fields.names = [...socket.context.names, name];
      fields.name = "";
    }
    socket.assign(fields);
  },
  render: ({ csrf, name, agree, color, error, names }) => html`<h1 id="title">Form</h1>
<form id="name-form" phx-change="validate" phx-submit="save">
  <input type="hidden" name="_csrf_token" value="${csrf}">
  <label for="name">Name</label>
  <input type="text" id="name" name="name" value="${name}" autocomplete="off">
  <span id="name-error">${error}</span>
  <input type="hidden" name="agree" value="false">
  <label><input type="checkbox" id="agree" name="agree" value="true"${agree ? " checked" : ""}>
    agree</label>
  <select id="color" name="color">${COLORS.map(
    (c) => html`<option value="${c}"${c === color ? " selected" : ""}>${c}</option>`,
  )}</select>
  <button type="submit" id="save">Save</button>
</form>
<ul id="names">${names.map((n) => html`<li>${n}</li>`)}</ul>`,
});

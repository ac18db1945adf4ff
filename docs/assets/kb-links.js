/* Copy a Markdown link to an entry, or to one of its solutions, for pasting into an
 * issue, a review or a chat.
 *
 * Each entry page holds empty `<div class="kb-ref">` elements. The build writes the
 * whole Markdown link (`[KB-0001 · Title](https://…/KB-0001/#solution-x)`, from
 * site_url in mkdocs.yml) and the button's words into their data attributes, escaped;
 * this script only adds a button. Without scripts the page shows nothing to click.
 */
(() => {
  const copy = async (text) => {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Pages opened over plain http (a preview on another machine) have no Clipboard API.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "kb-ref__scratch";
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    if (!done) throw new Error("copy refused");
  };

  const enhance = (holder) => {
    if (holder.querySelector("button")) return;
    const { kbRef: ref, kbLabel: label, kbDone: done, kbFailed: failed } = holder.dataset;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "kb-ref__button";
    button.textContent = label;
    button.title = ref;
    const status = document.createElement("span");
    status.className = "kb-ref__status";
    status.setAttribute("role", "status");
    button.addEventListener("click", () => {
      copy(ref).then(
        () => { status.textContent = done; },
        () => { status.textContent = `${failed}: ${ref}`; },
      );
    });
    holder.append(button, status);
  };

  const enhanceAll = () => document.querySelectorAll(".kb-ref[data-kb-ref]").forEach(enhance);
  // Material announces every page it shows (also after instant navigation) on document$.
  if (window.document$) window.document$.subscribe(enhanceAll);
  else enhanceAll();
})();

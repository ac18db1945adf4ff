/*
 * The "paste your log" box of the home page: names the entries a pasted CI log shows,
 * in the browser, with no server.
 *
 * Every pattern and constant comes from api/signatures.json, which the build writes
 * from the same definitions `kb match` uses (scripts/kbgen/match/). This file only
 * holds the procedure, step for step the one in scripts/kbgen/match/scan.py: clean
 * each line, find each signature on one line, else across wrapped lines, else at the
 * start of a truncated line; score and rank. Text from entries and from the log is
 * shown with textContent only.
 */
(function () {
  "use strict";

  // Compile the signatures file into rules and probes.
  function compile(data) {
    const norm = data.normalize;
    const rules = norm.replace.map(function (rule) {
      return { regex: new RegExp(rule[0], norm.flags), replacement: rule[1] };
    }).concat(norm.strip.map(function (source) {
      return { regex: new RegExp(source, "u"), replacement: "" };
    }));
    const probes = [];
    data.entries.forEach(function (entry) {
      entry.symptoms.forEach(function (symptom) {
        probes.push(probe(data.match, entry, symptom, true));
      });
      entry.context.forEach(function (context) {
        probes.push(probe(data.match, entry, context, false));
      });
    });
    return {
      rules: rules,
      truncated: new RegExp(norm.truncated, "u"),
      maxLine: norm.max_line,
      match: data.match,
      show: data.show,
      probes: probes,
    };
  }

  function probe(match, entry, item, isSymptom) {
    const sources = item.tokens.map(function (token) { return token[0]; });
    const source = sources.join("");
    return {
      entry: entry,
      item: item,
      isSymptom: isSymptom,
      word: item.word,
      regex: new RegExp(source, match.flags),
      all: new RegExp(source, "g" + match.flags),
      partials: isSymptom ? partials(match, item.tokens, sources) : [],
    };
  }

  // Beginnings of a signature that a truncated line may show, longest first.
  function partials(match, tokens, sources) {
    const total = tokens.reduce(function (sum, t) { return sum + t[1]; }, 0);
    const found = [];
    for (let count = tokens.length - 1; count > 0; count--) {
      const literal = tokens.slice(0, count).reduce(function (sum, t) {
        return sum + t[1];
      }, 0);
      if (literal < match.partial_min * total) break;
      found.push(new RegExp(sources.slice(0, count).join("") + match.partial_tail,
        match.flags));
    }
    return found;
  }

  // Split a log into clean, numbered lines, long lines cut into pieces.
  function readLines(compiled, text) {
    const raw = text.split(/\r\n|\r|\n/);
    if (raw.length && raw[raw.length - 1] === "") raw.pop();
    const lines = [];
    raw.forEach(function (line, index) {
      pieces(line, compiled.maxLine).forEach(function (piece) {
        lines.push({ number: index + 1, text: normalize(compiled, piece) });
      });
    });
    return lines;
  }

  function pieces(line, size) {
    if (line.length <= size) return [line];
    const chars = Array.from(line); // by code point, as Python counts
    const out = [];
    for (let i = 0; i < chars.length; i += size) {
      out.push(chars.slice(i, i + size).join(""));
    }
    return out;
  }

  function normalize(compiled, text) {
    compiled.rules.forEach(function (rule) {
      text = text.replace(rule.regex, function () { return rule.replacement; });
    });
    return text;
  }

  // Find the best hit of every probe: one line, else wrapped lines, else truncated.
  function scan(compiled, lines) {
    const texts = lines.map(function (line) { return line.text; });
    const lows = texts.map(function (t) { return t.toLowerCase(); });
    const all = lows.join("");
    const hits = [];
    compiled.probes.forEach(function (p, index) {
      const found = all.includes(p.word) &&
        lineOrWrapped(compiled.match.window, p, lines, texts, lows);
      const hit = found || truncatedHit(compiled, p, lines, texts);
      if (hit) hits.push({ probe: p, index: index, hit: hit });
    });
    return hits;
  }

  function lineOrWrapped(size, p, lines, texts, lows) {
    let wrapped = null;
    for (let i = 0; i < texts.length; i++) {
      if (lows[i].includes(p.word) && p.regex.test(texts[i])) {
        return { number: lines[i].number, text: texts[i], kind: "line" };
      }
      if (!wrapped) wrapped = windowHit(size, p, lines, texts, lows, i);
    }
    return wrapped;
  }

  function windowHit(size, p, lines, texts, lows, i) {
    const start = Math.max(0, i - size + 1);
    if (!lows.slice(start, i + 1).join("").includes(p.word)) return null;
    const part = texts.slice(start, i + 1);
    const joined = part.join("");
    const boundary = joined.length - part[part.length - 1].length;
    for (const found of joined.matchAll(p.all)) {
      if (found.index + found[0].length > boundary) {
        const first = lineAt(part, found.index);
        return {
          number: lines[start + first].number,
          text: part.slice(first).join(""),
          kind: "wrapped",
        };
      }
    }
    return null;
  }

  function lineAt(texts, pos) {
    for (let k = 0; k < texts.length; k++) {
      if (pos < texts[k].length) return k;
      pos -= texts[k].length;
    }
    return texts.length - 1;
  }

  function truncatedHit(compiled, p, lines, texts) {
    if (!p.partials.length) return null;
    for (let i = 0; i < texts.length; i++) {
      const cut = compiled.truncated.exec(texts[i]);
      if (!cut) continue;
      const body = texts[i].slice(0, cut.index);
      if (p.partials.some(function (r) { return r.test(body); })) {
        return { number: lines[i].number, text: texts[i], kind: "truncated" };
      }
    }
    return null;
  }

  // Group hits by entry, score, keep those that match well enough, best first.
  function rank(match, hits) {
    const byId = new Map();
    hits.sort(function (a, b) { return a.index - b.index; });
    hits.forEach(function (h) {
      const id = h.probe.entry.id;
      if (!byId.has(id)) {
        byId.set(id, { entry: h.probe.entry, score: 0, symptoms: [], context: [] });
      }
      const result = byId.get(id);
      (h.probe.isSymptom ? result.symptoms : result.context)
        .push({ item: h.probe.item, hit: h.hit });
    });
    const shown = [];
    byId.forEach(function (r) {
      r.score = score(match, r.symptoms.length, r.context.map(function (c) {
        return c.item.weight;
      }));
      if (r.symptoms.length && r.score >= match.min_score) shown.push(r);
    });
    return shown.sort(function (a, b) {
      return b.score - a.score || firstLine(a) - firstLine(b) ||
        (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0);
    });
  }

  function score(match, symptoms, weights) {
    if (!symptoms) return 0;
    const more = Math.min(symptoms - 1, match.symptom_more_max) * match.symptom_more;
    return weights.reduce(function (sum, w) { return sum + w; },
      match.symptom_first + more);
  }

  function firstLine(result) {
    return Math.min.apply(null, result.symptoms.map(function (s) {
      return s.hit.number;
    }));
  }

  function matchLog(compiled, text) {
    return rank(compiled.match, scan(compiled, readLines(compiled, text)));
  }

  // The box: fetch the signatures on first use, match as the reader pastes.
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function shown(text, chars) {
    text = text.trim();
    return text.length > chars ? text.slice(0, chars) + "…" : text;
  }

  function link(href, text) {
    const a = element("a", "", text);
    a.href = href;
    return a;
  }

  function renderResult(box, result) {
    const locale = box.dataset.locale;
    const page = box.dataset.entries + result.entry.slug + "/";
    const item = element("li", "kb-match__result");
    const title = element("p", "kb-match__title");
    title.appendChild(link(page, result.entry.id + " · " + result.entry.title[locale]));
    item.appendChild(title);
    result.symptoms.forEach(function (s) {
      const p = element("p", "kb-match__symptom");
      p.appendChild(link(page + "#" + s.item.anchor, s.item.title[locale]));
      p.appendChild(element("br"));
      const where = box.dataset.textLine.replace("{n}", String(s.hit.number)) + " ";
      p.appendChild(element("span", "", where));
      p.appendChild(element("code", "", shown(s.hit.text, box.kbShow.chars)));
      item.appendChild(p);
    });
    const solutions = element("p", "kb-match__solutions", box.dataset.textSolutions + " ");
    result.entry.solutions.forEach(function (s, n) {
      if (n) solutions.appendChild(document.createTextNode(" · "));
      solutions.appendChild(link(page + "#" + s.anchor, s.title[locale]));
    });
    item.appendChild(solutions);
    return item;
  }

  function show(box, results) {
    const status = box.querySelector(".kb-match__status");
    const list = box.querySelector(".kb-match__results");
    list.replaceChildren();
    if (results === null) {
      status.textContent = "";
      return;
    }
    status.textContent = results.length ? box.dataset.textFound : box.dataset.textNone;
    results.slice(0, box.kbShow.limit).forEach(function (r) {
      list.appendChild(renderResult(box, r));
    });
  }

  function setUp(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    const input = box.querySelector("textarea");
    let compiled = null;
    let timer = 0;
    function load() {
      compiled = compiled || fetch(box.dataset.signatures)
        .then(function (response) {
          if (!response.ok) throw new Error(response.statusText);
          return response.json();
        })
        .then(compile);
      return compiled;
    }
    function update() {
      const text = input.value;
      if (!text.trim()) {
        show(box, null);
        return;
      }
      load().then(function (c) {
        box.kbShow = c.show;
        if (input.value === text) show(box, matchLog(c, text));
      }, function () {
        compiled = null;
        box.querySelector(".kb-match__status").textContent = box.dataset.textError;
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 200);
    });
    update();
  }

  function init() {
    document.querySelectorAll("[data-kb-match]").forEach(setUp);
  }

  window.kbMatch = { compile: compile, match: matchLog };
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init); // Material's page stream, instant loading or not
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

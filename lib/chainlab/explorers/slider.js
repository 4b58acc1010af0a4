// The front end of chainlab.explorers.controls.Slider: a native <input type="range"> named by a <label for>, so that a
// screen reader says "x₀, slider, 1.00", and its arrow keys, Home, End and Page keys work as in any browser.
//
// The range input moves over positions 0..n, one step apart; the value at a position is min + k·step (or base to
// that power on a log scale), and the last position is max itself, even where max − min is not a whole number of
// steps. Each input event (every move of a drag) sets the value.

const MINUS = "\u2212";
let count = 0;

// A number written as Python's format(value, spec) writes it, for the specs the explorers use ("d", ".Nf", ".Ng"),
// with a true minus sign: the readout beside the slider reads as the figure's titles do.
export function formatted(value, spec) {
  let text;
  const match = /^\.(\d+)([fg])$/.exec(spec);
  if (spec === "d") {
    text = Math.round(value).toFixed(0);
  } else if (match && match[2] === "f") {
    text = fixed(value, Number(match[1]));
  } else if (match) {
    text = general(value, Math.max(1, Number(match[1])));
  } else {
    text = String(value);
  }
  return text.replaceAll("-", MINUS);
}

// Python's "g": p significant digits, fixed-point where the exponent is from −4 to p − 1, trailing zeros dropped.
function general(value, p) {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa, exponentText] = value.toExponential(p - 1).split("e");
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < p) {
    return dropZeros(fixed(value, p - 1 - exponent));
  }
  const sign = exponent < 0 ? "-" : "+";
  return `${dropZeros(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

// toFixed, but an exact tie (0.5, 2.5, 0.125) rounded to the even digit, as Python does; toFixed rounds it away from
// zero. (The exponent form, 1.2345e+04 at ".4g", keeps toExponential's rounding: no slider of the course shows one.)
function fixed(value, digits) {
  const text = value.toFixed(digits);
  const exact = value.toFixed(100); // a double's whole decimal expansion, for the magnitudes a slider shows
  const kept = exact.slice(0, exact.indexOf(".") + 1 + digits).replace(/\.$/, "");
  const tie = /^50*$/.test(exact.slice(exact.indexOf(".") + 1 + digits));
  return tie && Number(kept.at(-1)) % 2 === 0 ? kept : text;
}

function dropZeros(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

const clean = (x) => parseFloat(x.toPrecision(12)); // 0.30000000000000004 -> 0.3

export function scale(model) {
  const min = model.get("min");
  const max = model.get("max");
  const step = model.get("step");
  const base = model.get("base");
  return { min, max, step, base, whole: model.get("whole"), last: Math.max(1, Math.ceil((max - min) / step - 1e-9)) };
}

export function valueAt(s, position) {
  const exponent = position >= s.last ? s.max : Math.min(clean(s.min + position * s.step), s.max);
  if (s.base !== null) return clean(s.base ** exponent);
  return s.whole ? Math.round(exponent) : exponent;
}

export function positionOf(s, value) {
  const exponent = s.base !== null ? Math.log(value) / Math.log(s.base) : value;
  if (exponent >= s.max) return s.last;
  return Math.min(s.last, Math.max(0, Math.round((exponent - s.min) / s.step)));
}

// The keys a range input moves by. JupyterLab's notebook would take them for its own shortcuts (an arrow moves to
// another cell) and stop the input from moving: the slider keeps them, and Tab still leaves it.
const SLIDER_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);

function keepKeys(event) {
  if (SLIDER_KEYS.has(event.key)) event.stopPropagation();
}

function render({ model, el }) {
  el.classList.add("chainlab-slider");
  const id = `chainlab-slider-${++count}-${Math.random().toString(36).slice(2, 8)}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.min = "0";
  input.step = "1";
  const readout = document.createElement("span");
  readout.className = "chainlab-slider-readout";
  readout.setAttribute("aria-hidden", "true"); // the input's aria-valuetext says it already
  el.append(label, input, readout);

  const show = () => {
    const s = scale(model);
    const value = model.get("value");
    label.textContent = model.get("description");
    input.max = String(s.last);
    const position = positionOf(s, value);
    if (Number(input.value) !== position) input.value = String(position);
    const text = formatted(value, model.get("readout_format"));
    readout.textContent = text;
    input.setAttribute("aria-valuetext", text);
  };
  const onInput = () => {
    model.set("value", valueAt(scale(model), Number(input.value)));
    model.save_changes();
    show();
  };
  input.addEventListener("input", onInput);
  input.addEventListener("keydown", keepKeys);
  const names = ["value", "min", "max", "step", "base", "whole", "description", "readout_format"];
  for (const name of names) model.on(`change:${name}`, show);
  show();
  return () => {
    input.removeEventListener("input", onInput);
    input.removeEventListener("keydown", keepKeys);
    for (const name of names) model.off(`change:${name}`, show);
  };
}

export default { render };

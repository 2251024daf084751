// The audible alert for a new excursion: two short tones made with WebAudio (no sound file to
// fetch). Browsers only let a page play sound after a user gesture, so the sound is a checkbox the
// user ticks (that click starts the audio context); the choice is remembered in localStorage.
import { h } from "./dom.js";

const STORAGE_KEY = "coldtrace.excursion-sound";
const BURST_S = 3; // one sound for excursions arriving together (one failure trips several rules)

/** A sound switch and ``play()``; ``close()`` releases the audio device. */
export function soundAlarm() {
  let audio = null;
  const start = () => {
    try {
      audio ??= new AudioContext();
      if (audio.state === "suspended") audio.resume().catch(() => {});
    } catch {
      audio = null; // no audio device (kiosk without sound): the banner is the alert
    }
  };
  const box = h("input", { type: "checkbox", id: "excursion-sound" });
  box.checked = window.localStorage.getItem(STORAGE_KEY) === "on";
  box.addEventListener("change", () => {
    window.localStorage.setItem(STORAGE_KEY, box.checked ? "on" : "off");
    if (box.checked) start();
  });
  if (box.checked) start(); // may stay suspended until the next click on the page
  const control = h("label", { class: "sound-switch", for: "excursion-sound" }, box, " Sound alert for new excursions");

  let lastAt = -Infinity;
  // True if the alert is audible: played now, or a burst's first sound still covers it.
  const play = () => {
    if (!box.checked || !audio) return false;
    if (audio.state === "suspended") audio.resume().catch(() => {});
    const t0 = audio.currentTime;
    if (t0 - lastAt < BURST_S) return true;
    lastAt = t0;
    for (const [offset, hz] of [[0, 880], [0.3, 660]]) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = "square";
      tone.frequency.value = hz;
      // A short attack and release: no click at the start or the end of each tone.
      gain.gain.setValueAtTime(0, t0 + offset);
      gain.gain.linearRampToValueAtTime(0.15, t0 + offset + 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + offset + 0.22);
      tone.connect(gain).connect(audio.destination);
      tone.start(t0 + offset);
      tone.stop(t0 + offset + 0.25);
    }
    return true;
  };
  const close = () => {
    audio?.close().catch(() => {});
    audio = null;
  };
  return { control, play, close };
}

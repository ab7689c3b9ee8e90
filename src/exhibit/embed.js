// Embed mode (src/exhibit/embed.rs): the reader brings what it marks or finds into view
// (scrollIntoView, focus), and a browser scrolls every scrollable ancestor to do so, the host
// page's too: in a frame, the reader would jerk its host's page about. After this, both scroll
// the frame's own page only (container: 'nearest'); focus scrolls, when it must, the same way.
// A browser that does not know `container` scrolls as before.
export function keep_scrolling_in_frame() {
  const E = Element.prototype;
  const H = HTMLElement.prototype;
  const into = E.scrollIntoView;
  const focus = H.focus;
  E.scrollIntoView = function (arg) {
    const options = arg !== null && typeof arg === 'object' ? arg : { block: arg === false ? 'end' : 'start' };
    into.call(this, { ...options, container: 'nearest' });
  };
  H.focus = function (options) {
    focus.call(this, { ...options, preventScroll: true });
    if (options && options.preventScroll) return;
    const r = this.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) this.scrollIntoView({ block: 'nearest' });
  };
}

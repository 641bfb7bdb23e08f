/* Draws a network as SVG: one box per summary row left to right, arrows between neighbours, skip links as arcs. */
'use strict';
const diagram = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const H = 74, GAP = 30, TOP = 20;
  const colors = ['#4fa3f7', '#3fbf7f', '#f7c948', '#e07be0', '#5ad1e6', '#ff9e7a', '#9ad46a', '#6c8cff'];
  const identity = op => /^(id|identity|skip|none|zero)$/i.test(op);

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text != null) e.textContent = text;
    return e;
  }

  function colorOf(op, ops) {
    if (identity(op)) return '#8a99a8';
    if (!ops.has(op)) ops.set(op, colors[ops.size % colors.length]);
    return ops.get(op);
  }

  /** Renders `layers` ({layer, op, outputShape, params}) and `links` ({from, to}, row indexes) into `container`. */
  function draw(container, layers, links) {
    container.innerHTML = '';
    const W = Math.max(96, Math.min(140, Math.floor((container.clientWidth - 20 + GAP) / Math.max(1, layers.length)) - GAP));
    const chars = Math.floor((W - 20) / 8);
    if (!layers.length) { container.innerHTML = '<div class="empty">This space has no network summary.</div>'; return; }
    const span = links.reduce((m, l) => Math.max(m, l.to - l.from), 1);
    const arcTop = TOP + Math.min(90, 16 + span * 14);
    const width = layers.length * (W + GAP) - GAP + 20, height = arcTop + H + 24;
    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'network diagram' });
    const defs = el('defs', {});
    const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a99a8' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    const x = i => 10 + i * (W + GAP);
    const cut = (t, n) => t.length > n ? t.slice(0, n - 1) + '…' : t;
    const ops = new Map();
    layers.forEach((row, i) => {
      if (i > 0) svg.appendChild(el('line', { x1: x(i - 1) + W, y1: arcTop + H / 2, x2: x(i) - 2, y2: arcTop + H / 2,
        stroke: '#8a99a8', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)' }));
    });
    links.forEach(l => {
      const x1 = x(l.from) + W / 2, x2 = x(l.to) + W / 2, lift = Math.min(arcTop - 6, 18 + (l.to - l.from) * 14);
      svg.appendChild(el('path', { d: `M${x1},${arcTop} C${x1},${arcTop - lift} ${x2},${arcTop - lift} ${x2},${arcTop - 2}`,
        fill: 'none', stroke: '#a98bf5', 'stroke-width': 1.8, 'stroke-dasharray': '5 3', 'marker-end': 'url(#arrow)', class: 'skip' }));
    });
    layers.forEach((row, i) => {
      const color = colorOf(row.op, ops);
      const g = el('g', { class: 'layer', transform: `translate(${x(i)},${arcTop})` });
      g.appendChild(el('title', {}, `${row.layer}: ${row.op}\n${row.outputShape}\n${row.params} params, ${row.flops} FLOPs`));
      g.appendChild(el('rect', { width: W, height: H, rx: 8, fill: '#1e2731', stroke: color, 'stroke-width': 1.6,
        'stroke-dasharray': identity(row.op) ? '4 3' : 'none' }));
      g.appendChild(el('rect', { width: 5, height: H, rx: 2, fill: color }));
      g.appendChild(el('text', { x: 14, y: 18, 'font-size': 11, fill: '#8a99a8' }, cut(row.layer, chars + 2)));
      g.appendChild(el('text', { x: 14, y: 37, 'font-size': 13, 'font-weight': 600 }, cut(row.op, chars)));
      g.appendChild(el('text', { x: 14, y: 54, class: 'shape' }, row.outputShape));
      g.appendChild(el('text', { x: 14, y: 67, class: 'shape' }, nas.si(row.params, 1) + ' params'));
      svg.appendChild(g);
    });
    container.appendChild(svg);
  }

  return { draw };
})();

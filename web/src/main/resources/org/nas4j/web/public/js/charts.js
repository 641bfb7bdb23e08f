/* Chart options of the experiment and trial pages, built from API answers. Pure functions. */
'use strict';
const charts = (() => {
  const C = { accent: '#4fa3f7', good: '#3fbf7f', warn: '#f0a53a', bad: '#ef5f5f', violet: '#a98bf5', muted: '#8a99a8', text: '#d8e1ea' };
  const axisLine = { lineStyle: { color: '#2a3542' } };
  const split = { lineStyle: { color: '#222c37' } };
  const accAxis = (extra = {}) => Object.assign({ type: 'value', name: 'val. accuracy %', scale: true, splitLine: split,
    axisLine, nameTextStyle: { color: C.muted }, axisLabel: { formatter: v => v.toFixed(1) } }, extra);
  const empty = text => ({ title: { text, left: 'center', top: 'middle', textStyle: { color: C.muted, fontSize: 13, fontWeight: 400 } } });
  /* Ranked: what "best" means everywhere (TrialState.RANKED): a completed or pruned trial with a reward. */
  const finished = p => p.reward != null && (p.state === 'COMPLETED' || p.state === 'PRUNED');

  /** Reward of every finished trial in finishing order, the running best and the controller baseline. */
  function reward(points, policy) {
    const done = points.filter(finished).sort((a, b) =>
      (a.finishedAt || '').localeCompare(b.finishedAt || '') || a.id - b.id);
    if (!done.length) return empty('No finished trial yet');
    const point = (p, i) => ({ value: [i + 1, nas.acc(p.reward)], id: p.id, number: p.number, key: p.key, state: p.state });
    let best = -Infinity;
    const bestLine = done.map((p, i) => { best = Math.max(best, nas.acc(p.reward)); return [i + 1, best === -Infinity ? null : best]; });
    const per = policy.length ? done.length / policy.length : 0;
    const baseline = policy.filter(s => s.baseline != null).map((s, i) => [Math.round((i + 1) * per * 10) / 10, nas.acc(s.baseline)]);
    return Object.assign({}, nas.base, {
      legend: { top: 4, textStyle: { color: C.text } },
      tooltip: { trigger: 'item', formatter: p => p.data && p.data.key != null
        ? `trial #${p.data.number} (${p.data.state.toLowerCase()})<br>${nas.esc(p.data.key)}<br><b>${p.data.value[1].toFixed(2)} %</b>`
        : `${p.seriesName}: ${(+p.value[1]).toFixed(2)} %` },
      dataZoom: [{ type: 'inside' }],
      xAxis: { type: 'value', name: 'trials finished', nameLocation: 'middle', nameGap: 28, min: 0, max: done.length + 1,
        splitLine: split, axisLine, nameTextStyle: { color: C.muted } },
      yAxis: accAxis(),
      series: [
        { name: 'completed', type: 'scatter', symbolSize: 7, itemStyle: { color: C.accent, opacity: .8 },
          data: done.map(point).filter(d => d.state === 'COMPLETED') },
        { name: 'pruned', type: 'scatter', symbol: 'triangle', symbolSize: 8, itemStyle: { color: C.warn, opacity: .8 },
          data: done.map(point).filter(d => d.state === 'PRUNED') },
        { name: 'best so far', type: 'line', step: 'end', showSymbol: false, lineStyle: { color: C.good, width: 2 }, itemStyle: { color: C.good }, data: bestLine },
        { name: 'controller baseline', type: 'line', smooth: true, showSymbol: false, lineStyle: { color: C.violet, width: 2, type: 'dashed' },
          itemStyle: { color: C.violet }, data: baseline },
      ],
    });
  }

  /** Entropy, loss and mean advantage per policy step. */
  function policy(steps) {
    if (!steps.length) return empty('This strategy learns no policy');
    const col = f => steps.map(s => [s.step, s[f]]);
    const line = (name, f, color, axis) => ({ name, type: 'line', yAxisIndex: axis, showSymbol: steps.length < 40, symbolSize: 4,
      lineStyle: { color, width: 2 }, itemStyle: { color }, data: col(f) });
    return Object.assign({}, nas.base, {
      grid: Object.assign({}, nas.base.grid, { right: 56 }),
      legend: { top: 4, textStyle: { color: C.text } },
      tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '—' : (+v).toFixed(4) },
      xAxis: { type: 'value', name: 'policy step', nameLocation: 'middle', nameGap: 28, splitLine: split, axisLine, minInterval: 1,
        nameTextStyle: { color: C.muted } },
      yAxis: [{ type: 'value', name: 'entropy', scale: true, splitLine: split, axisLine, nameTextStyle: { color: C.muted } },
              { type: 'value', name: 'loss / advantage', scale: true, splitLine: { show: false }, axisLine, nameTextStyle: { color: C.muted } }],
      series: [line('entropy', 'entropy', C.accent, 0), line('loss', 'loss', C.bad, 1), line('mean advantage', 'meanAdvantage', C.good, 1)],
    });
  }

  /** A shared-weight search per supernet epoch: the sampled children's training loss and mean shared-weight accuracy. */
  function supernet(epochs) {
    if (!epochs.length) return empty('No supernet epoch yet');
    const line = (name, data, color, axis) => ({ name, type: 'line', yAxisIndex: axis, showSymbol: epochs.length < 40,
      symbolSize: 5, lineStyle: { color, width: 2 }, itemStyle: { color }, data });
    return Object.assign({}, nas.base, {
      grid: Object.assign({}, nas.base.grid, { right: 56 }),
      legend: { top: 4, textStyle: { color: C.text } },
      tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '—' : (+v).toFixed(4) },
      xAxis: { type: 'value', name: 'supernet epoch', nameLocation: 'middle', nameGap: 28, minInterval: 1, splitLine: split,
        axisLine, nameTextStyle: { color: C.muted } },
      yAxis: [{ type: 'value', name: 'train loss', scale: true, splitLine: split, axisLine, nameTextStyle: { color: C.muted } },
              accAxis({ name: 'mean reward %', splitLine: { show: false } })],
      series: [line('train loss', epochs.map(e => [e.epoch, e.trainLoss]), C.bad, 0),
               line('mean reward', epochs.map(e => [e.epoch, nas.acc(e.meanReward)]), C.accent, 1)],
    });
  }

  /** The controller per policy step: the mean reward of its batch, its moving-average baseline, and the policy entropy. */
  function controller(steps) {
    if (!steps.length) return empty('No policy step yet');
    const line = (name, data, color, axis, dashed) => ({ name, type: 'line', yAxisIndex: axis, showSymbol: false,
      lineStyle: { color, width: 2, type: dashed ? 'dashed' : 'solid' }, itemStyle: { color }, data });
    return Object.assign({}, nas.base, {
      grid: Object.assign({}, nas.base.grid, { right: 56 }),
      legend: { top: 4, textStyle: { color: C.text } },
      tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '—' : (+v).toFixed(4) },
      dataZoom: [{ type: 'inside' }],
      xAxis: { type: 'value', name: 'policy step', nameLocation: 'middle', nameGap: 28, minInterval: 1, splitLine: split,
        axisLine, nameTextStyle: { color: C.muted } },
      yAxis: [accAxis({ name: 'reward %' }),
              { type: 'value', name: 'entropy', scale: true, splitLine: { show: false }, axisLine, nameTextStyle: { color: C.muted } }],
      series: [line('mean reward', steps.map(s => [s.step, nas.acc(s.meanReward)]), C.accent, 0),
               line('baseline', steps.filter(s => s.baseline != null).map(s => [s.step, nas.acc(s.baseline)]), C.violet, 0, true),
               line('entropy', steps.map(s => [s.step, s.entropy]), C.warn, 1)],
    });
  }

  /** The points not dominated: fewer `cost` or higher accuracy than every other. */
  function paretoFront(points, cost) {
    const sorted = points.slice().sort((a, b) => a[cost] - b[cost] || b.reward - a.reward);
    const front = [];
    let best = -Infinity;
    for (const p of sorted) if (p.reward > best) { front.push(p); best = p.reward; }
    return front;
  }

  /** Accuracy against `cost` (params or flops) on a log axis, the Pareto front marked. */
  function pareto(points, cost) {
    const done = points.filter(p => p.state === 'COMPLETED' && p.reward != null && p[cost] > 0);
    if (!done.length) return empty('No completed trial yet');
    const front = paretoFront(done, cost);
    const onFront = new Set(front.map(p => p.id));
    const d = p => ({ value: [p[cost], nas.acc(p.reward)], id: p.id, number: p.number, key: p.key });
    return Object.assign({}, nas.base, {
      legend: { top: 4, textStyle: { color: C.text } },
      tooltip: { trigger: 'item', formatter: p => p.data && p.data.key != null
        ? `trial #${p.data.number}<br>${nas.esc(p.data.key)}<br>${nas.si(p.data.value[0])} ${cost}<br><b>${p.data.value[1].toFixed(2)} %</b>` : '' },
      xAxis: { type: 'log', name: cost, nameLocation: 'middle', nameGap: 28, splitLine: split, axisLine, nameTextStyle: { color: C.muted },
        axisLabel: { formatter: v => nas.si(v, 1) } },
      yAxis: accAxis(),
      series: [
        { name: 'trials', type: 'scatter', symbolSize: 6, itemStyle: { color: C.accent, opacity: .55 }, data: done.filter(p => !onFront.has(p.id)).map(d) },
        { name: 'Pareto front', type: 'line', step: 'end', symbol: 'circle', symbolSize: 9, z: 3,
          lineStyle: { color: C.violet, width: 2 }, itemStyle: { color: C.violet, borderColor: '#fff', borderWidth: 1 }, data: front.map(d) },
      ],
    });
  }

  const palette = ['#4fa3f7', '#3fbf7f', '#f7c948', '#5ad1e6', '#e07be0', '#9ad46a', '#6c8cff', '#ff9e7a'];

  /** Validation accuracy per epoch of chosen trials; pruned dashed, early-stopped dotted, failed red. */
  function curves(list) {
    const withEpochs = list.filter(c => c.curve.length);
    if (!withEpochs.length) return empty('No epochs recorded yet');
    let n = 0;
    const series = withEpochs.map(c => {
      const pruned = c.state === 'PRUNED', early = c.stopReason === 'early_stopped', failed = c.state === 'FAILED';
      const color = pruned ? C.warn : failed ? C.bad : palette[n++ % palette.length];
      const tag = pruned ? ' pruned' : early ? ' early stop' : failed ? ' failed' : c.state === 'RUNNING' ? ' running' : '';
      const last = c.curve.length - 1;
      return {
        name: `#${c.number}${tag}`, type: 'line', showSymbol: true, symbolSize: 4, id: 'trial-' + c.id,
        lineStyle: { color, width: pruned || early ? 1.6 : 2.2, type: pruned ? 'dashed' : early ? 'dotted' : 'solid', opacity: pruned ? .8 : 1 },
        itemStyle: { color },
        data: c.curve.map((m, i) => ({ value: [m.epoch, nas.acc(m.validationAccuracy)],
          symbol: i === last && (pruned || early || failed) ? (pruned ? 'triangle' : failed ? 'rect' : 'diamond') : 'circle',
          symbolSize: i === last && (pruned || early || failed) ? 11 : 4 })),
      };
    });
    return Object.assign({}, nas.base, {
      grid: Object.assign({}, nas.base.grid, { top: 60 }),
      legend: { type: 'scroll', top: 4, textStyle: { color: C.text } },
      tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '—' : (+v).toFixed(2) + ' %' },
      xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 28, minInterval: 1, splitLine: split, axisLine, nameTextStyle: { color: C.muted } },
      yAxis: accAxis(),
      series,
    });
  }

  /** For each decision and choice (rows), the share among the trials of each window (columns). */
  function heatmap(hm) {
    if (!hm.windows.length) return { option: empty('No trial yet'), rows: 0 };
    const rows = [], data = [];
    hm.decisions.forEach(d => d.choices.forEach((c, ci) => {
      const y = rows.length;
      rows.push(`${d.name} · ${c}`);
      hm.windows.forEach((w, x) => data.push([x, y, +d.shares[x][ci].toFixed(3)]));
    }));
    const option = Object.assign({}, nas.base, {
      grid: { left: 170, right: 90, top: 16, bottom: 56 },
      tooltip: { formatter: p => `${nas.esc(rows[p.value[1]])}<br>trials ${hm.windows[p.value[0]].from}–${hm.windows[p.value[0]].to}: <b>${(p.value[2] * 100).toFixed(0)} %</b>` },
      xAxis: { type: 'category', name: 'trials', nameLocation: 'middle', nameGap: 34, data: hm.windows.map(w => `${w.from}–${w.to}`),
        axisLine, splitArea: { show: false }, nameTextStyle: { color: C.muted } },
      yAxis: { type: 'category', data: rows, inverse: true, axisLine, axisLabel: { fontFamily: 'monospace', fontSize: 11 } },
      visualMap: { min: 0, max: 1, calculable: true, orient: 'vertical', right: 8, top: 'middle', itemHeight: 160, textStyle: { color: C.text },
        formatter: v => (v * 100).toFixed(0) + ' %', inRange: { color: ['#141b23', '#1f4a78', '#4fa3f7', '#f7c948'] } },
      series: [{ name: 'share', type: 'heatmap', data, itemStyle: { borderColor: '#0f1419', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#fff' } } }],
    });
    return { option, rows: rows.length };
  }

  /** One trial's curve: validation accuracy (left) and train/validation loss (right). */
  function trialCurve(curve) {
    if (!curve.length) return empty('No epochs recorded yet');
    const col = f => curve.map(m => [m.epoch, m[f]]);
    return Object.assign({}, nas.base, {
      grid: Object.assign({}, nas.base.grid, { right: 56 }),
      legend: { top: 4, textStyle: { color: C.text } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 28, minInterval: 1, splitLine: split, axisLine, nameTextStyle: { color: C.muted } },
      yAxis: [accAxis(), { type: 'value', name: 'loss', scale: true, splitLine: { show: false }, axisLine, nameTextStyle: { color: C.muted } }],
      series: [
        { name: 'val. accuracy', type: 'line', data: curve.map(m => [m.epoch, nas.acc(m.validationAccuracy)]), lineStyle: { color: C.accent, width: 2.5 }, itemStyle: { color: C.accent } },
        { name: 'train loss', type: 'line', yAxisIndex: 1, data: col('trainLoss'), lineStyle: { color: C.warn, width: 1.6 }, itemStyle: { color: C.warn } },
        { name: 'val. loss', type: 'line', yAxisIndex: 1, data: col('validationLoss'), lineStyle: { color: C.bad, width: 1.6, type: 'dashed' }, itemStyle: { color: C.bad } },
      ],
    });
  }

  return { reward, policy, supernet, controller, pareto, paretoFront, curves, heatmap, trialCurve };
})();

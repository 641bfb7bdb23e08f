/* The trial page: metrics, diagram, layers, curve and downloads; refreshed live while the trial runs. */
'use strict';
(() => {
  const id = nas.param('id');
  let listening = false;

  /* Where the trial ran: worker and host, device and threads, the versions that trained it. */
  function ranOn(p) {
    const value = p ? `<span style="font-size:14px">${nas.esc(p.worker)}</span>` : '—';
    const note = p ? `${nas.esc(p.host)} · ${nas.esc(p.device)}${p.threads ? `, ${p.threads} threads` : ''}`
      + ` · nas4j ${nas.esc(p.nas4jVersion)}, DL4J ${nas.esc(p.dl4jVersion)}` : 'not recorded';
    return `<div class="card" id="provenance"><div class="label">Ran on</div><div class="value">${value}</div><div class="note">${note}</div></div>`;
  }

  function render(t) {
    const r = t.trial;
    document.title = `nas4j · trial #${r.number}`;
    document.getElementById('title').textContent = `Trial #${r.number}`;
    document.getElementById('crumb').textContent = `trial #${r.number}`;
    const exp = document.getElementById('crumb-experiment');
    exp.textContent = t.experiment;
    exp.href = '/experiment.html?name=' + encodeURIComponent(t.experiment);
    document.getElementById('state').innerHTML = nas.badge(r.state) + (r.stopReason ? ` <span class="badge">${nas.esc(r.stopReason)}</span>` : '');
    document.getElementById('key').textContent = r.key;
    document.getElementById('error').innerHTML = t.error ? `<div class="error-box">${nas.esc(t.error)}</div>` : '';
    const card = (label, value, note = '') => `<div class="card"><div class="label">${label}</div><div class="value">${value}</div><div class="note">${note}</div></div>`;
    document.getElementById('cards').innerHTML = [
      card('Val. accuracy', r.reward == null ? '—' : nas.pct(r.reward), t.bestEpoch ? `best at epoch ${t.bestEpoch}` : ''),
      card('Params', nas.si(r.params), r.params ? r.params.toLocaleString() : ''),
      card('FLOPs', nas.si(r.flops), r.flops ? r.flops.toLocaleString() : ''),
      card('Epochs run', r.epochsRun),
      card('Training time', r.trainingSeconds ? nas.duration(r.trainingSeconds) : '—'),
      card('Inference', t.inferenceMs == null ? '—' : t.inferenceMs.toFixed(3) + ' ms', 'per image'),
      card('Batch size', t.batchSize || '—'),
      card('Seed', `<span class="mono" style="font-size:14px">${t.seed}</span>`, t.configHash ? `config ${nas.esc(t.configHash)}` : ''),
      ranOn(t.provenance),
    ].concat(t.retrained ? [
      card('Test accuracy', t.retrained.testAccuracy == null ? '—' : nas.pct(t.retrained.testAccuracy), 'final training, tested once'),
      card('Final val. accuracy', t.retrained.validationAccuracy == null ? '—' : nas.pct(t.retrained.validationAccuracy),
        `${t.retrained.epochs} epochs on the full training set`),
    ] : []).join('');
    diagram.draw(document.getElementById('diagram'), t.layers, t.links);
    document.querySelector('#layers tbody').innerHTML = t.layers.length ? t.layers.map(l => `<tr>
      <td>${nas.esc(l.layer)}</td><td class="mono">${nas.esc(l.op)}</td><td class="mono">${nas.esc(l.outputShape)}</td>
      <td class="num">${l.params.toLocaleString()}</td><td class="num">${l.flops.toLocaleString()}</td></tr>`).join('')
      : '<tr><td colspan="5" class="empty">No layer summary.</td></tr>';
    document.querySelector('#decisions tbody').innerHTML = Object.entries(t.architecture.decisions)
      .map(([d, c]) => `<tr><td>${nas.esc(d)}</td><td class="mono">${nas.esc(c)}</td></tr>`).join('');
    nas.chart('chart-trial').setOption(charts.trialCurve(t.curve), { notMerge: true });
    document.getElementById('download-architecture').href = `/api/trials/${r.id}/architecture.json`;
    const dl4j = document.getElementById('download-dl4j');
    dl4j.href = t.hasDl4jConfig ? `/api/trials/${r.id}/dl4j-config.json` : '#';
    dl4j.classList.toggle('disabled', !t.hasDl4jConfig);
    dl4j.title = t.hasDl4jConfig ? '' : 'this trial has no DL4J configuration';
    if (!listening) { listening = true; nas.live(t.experiment, load); }
    document.body.dataset.loaded = 'true';
  }

  async function load() {
    render(await nas.api('/api/trials/' + encodeURIComponent(id)));
  }

  load().catch(e => nas.toast(e.status === 404 ? `No trial with id ${id}` : 'Cannot load: ' + e.message, true));
})();

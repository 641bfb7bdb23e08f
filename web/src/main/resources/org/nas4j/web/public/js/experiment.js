/* The experiment page: cards, charts and the trial table, all refreshed on every change event. */
'use strict';
(() => {
  const name = nas.param('name');
  const enc = encodeURIComponent(name || '');
  const query = { page: 0, size: 25, sort: 'id', direction: 'desc', state: 'all' };
  let chosen = null;            // trial ids whose curves are shown
  let picked = false;           // whether the user chose them (otherwise the server's default choice, refreshed live)
  let known = null;             // trial ids already shown in the table, to mark new ones
  let total = 0;

  document.getElementById('crumb').textContent = name || '';
  document.getElementById('title').textContent = name || '';
  document.title = 'nas4j · ' + name;

  function renderInfo(e) {
    document.getElementById('status').innerHTML = nas.badge(e.status);
    document.getElementById('subtitle').innerHTML =
      `strategy <b>${nas.esc(e.strategy)}</b> · space <span class="mono">${nas.esc(e.space)}</span>` +
      (e.startedAt ? ` · started ${new Date(e.startedAt).toLocaleString()}` : '');
    const share = e.budgetTrials ? 100 * e.trialsDone / e.budgetTrials : 0;
    const card = (label, value, note = '') => `<div class="card"><div class="label">${label}</div><div class="value">${value}</div><div class="note">${note}</div></div>`;
    document.getElementById('cards').innerHTML = [
      card('Trials done', `${e.trialsDone} <span style="color:var(--muted);font-size:15px">/ ${e.budgetTrials || '∞'}</span>`,
        `<div class="progress" style="margin-top:6px"><div style="width:${Math.min(100, share).toFixed(1)}%"></div></div>`),
      card('Best val. accuracy', e.bestTrialId != null ? `<a href="/trial.html?id=${e.bestTrialId}">${nas.pct(e.bestReward)}</a>` : '—',
        e.bestTrialId != null ? `trial id ${e.bestTrialId}` : ''),
      card('Running time', nas.duration(e.elapsedSeconds)),
      card('Running', e.counts.RUNNING, `${e.counts.PENDING} pending`),
      card('Completed', e.counts.COMPLETED),
      card('Pruned', e.counts.PRUNED),
      card('Failed', e.counts.FAILED),
    ].join('');
    const retrained = e.retrained || [];
    document.getElementById('retrained-panel').hidden = !retrained.length;
    const acc = v => v == null ? '—' : nas.pct(v);
    document.querySelector('#retrained tbody').innerHTML = retrained.map(r => `<tr data-trial-id="${r.trialId}">
      <td class="num"><a href="/trial.html?id=${r.trialId}">${r.number}</a></td><td class="key mono" title="${nas.esc(r.key)}">${nas.esc(r.key)}</td>
      <td class="num">${acc(r.searchReward)}</td><td class="num">${acc(r.validationAccuracy)}</td>
      <td class="num"><b>${acc(r.testAccuracy)}</b></td><td class="num">${r.epochs}</td>
      <td>${r.trainedAt ? new Date(r.trainedAt).toLocaleString() : '—'}</td></tr>`).join('');
    const s = String(e.status).toLowerCase();
    document.getElementById('pause').disabled = s !== 'running';
    document.getElementById('resume').disabled = s !== 'paused';
    document.getElementById('stop').disabled = ['stopping', 'finished', 'stopped', 'failed'].includes(s);
  }

  function renderTable(page) {
    total = page.total;
    const body = document.querySelector('#trials tbody');
    const ids = new Set(page.trials.map(t => t.id));
    if (!page.trials.length) {
      body.innerHTML = `<tr><td colspan="11" class="empty">No ${query.state === 'all' ? '' : query.state + ' '}trials.</td></tr>`;
    } else {
      body.innerHTML = page.trials.map(t => `<tr data-trial-id="${t.id}" class="${known && !known.has(t.id) ? 'fresh' : ''}">
        <td><input type="checkbox" class="pick" data-id="${t.id}" ${chosen && chosen.has(t.id) ? 'checked' : ''} aria-label="show curve of trial ${t.number}"></td>
        <td class="num"><a href="/trial.html?id=${t.id}">${t.number}</a></td>
        <td>${nas.badge(t.state)}</td>
        <td class="key mono" title="${nas.esc(t.key)}">${nas.esc(t.key)}</td>
        <td class="num">${t.reward == null ? '—' : nas.pct(t.reward)}</td>
        <td class="num">${nas.si(t.params)}</td>
        <td class="num">${nas.si(t.flops)}</td>
        <td class="num">${t.epochsRun}</td>
        <td>${nas.esc(t.stopReason || '')}</td>
        <td class="num">${t.trainingSeconds ? nas.duration(t.trainingSeconds) : '—'}</td>
        <td>${t.createdAt ? new Date(t.createdAt).toLocaleTimeString() : '—'}</td>
      </tr>`).join('');
    }
    known = new Set([...(known || []), ...ids]);
    const pages = Math.max(1, Math.ceil(total / query.size));
    document.getElementById('page-info').textContent = `page ${query.page + 1} of ${pages} · ${total} trials`;
    document.getElementById('prev').disabled = query.page === 0;
    document.getElementById('next').disabled = query.page + 1 >= pages;
    document.querySelectorAll('#trials th.sortable').forEach(th => {
      th.classList.toggle('sorted', th.dataset.sort === query.sort);
      th.classList.toggle('asc', th.dataset.sort === query.sort && query.direction === 'asc');
    });
  }

  async function loadTable() {
    const q = new URLSearchParams(query).toString();
    renderTable(await nas.api(`/api/experiments/${enc}/trials?${q}`));
  }

  async function loadCurves() {
    const ids = picked ? `?ids=${[...chosen].join(',')}` : '';
    const list = await nas.api(`/api/experiments/${enc}/curves${ids}`);
    if (!picked) {
      chosen = new Set(list.map(c => c.id));
      document.querySelectorAll('#trials .pick').forEach(box => { box.checked = chosen.has(+box.dataset.id); });
    }
    nas.chart('chart-curves').setOption(charts.curves(list), { notMerge: true });
  }

  /** The shared-weight panels; null (panels hidden) for an experiment that trains every child stand-alone. */
  async function loadShared(policy) {
    let view = null;
    try {
      view = await nas.api(`/api/experiments/${enc}/shared`);
    } catch (e) {
      if (e.status !== 404) throw e;
    }
    for (const id of ['supernet-panel', 'controller-panel', 'derived-panel']) document.getElementById(id).hidden = !view;
    if (!view) return;
    document.getElementById('derived-panel').hidden = !view.candidates.length;
    nas.chart('chart-supernet').setOption(charts.supernet(view.epochs), { notMerge: true });
    nas.chart('chart-controller').setOption(charts.controller(policy), { notMerge: true });
    const acc = v => v == null ? '—' : nas.pct(v);
    document.querySelector('#derived tbody').innerHTML = view.candidates.map(c => `<tr>
      <td class="num">${c.rank}</td><td class="key mono" title="${nas.esc(c.key)}">${nas.esc(c.key)}</td>
      <td class="num">${acc(c.sharedAccuracy)}</td><td class="num">${acc(c.standaloneAccuracy)}</td>
      <td>${c.trialId != null ? `<a href="/trial.html?id=${c.trialId}">${nas.badge(c.state)}</a>` : '—'}</td></tr>`).join('');
  }

  async function refresh() {
    const [info, points, policy, heatmap] = await Promise.all([
      nas.api(`/api/experiments/${enc}`), nas.api(`/api/experiments/${enc}/points`),
      nas.api(`/api/experiments/${enc}/policy`), nas.api(`/api/experiments/${enc}/heatmap?windows=12`),
      loadTable(), loadCurves()]);
    renderInfo(info);
    await loadShared(policy);
    nas.chart('chart-reward').setOption(charts.reward(points, policy), { notMerge: true });
    nas.chart('chart-policy').setOption(charts.policy(policy), { notMerge: true });
    nas.chart('chart-params').setOption(charts.pareto(points, 'params'), { notMerge: true });
    nas.chart('chart-flops').setOption(charts.pareto(points, 'flops'), { notMerge: true });
    const hm = charts.heatmap(heatmap);
    const el = document.getElementById('chart-heatmap');
    const height = Math.max(320, hm.rows * 18 + 90) + 'px';
    if (el.style.height !== height) { el.style.height = height; nas.chart('chart-heatmap').resize(); }
    nas.chart('chart-heatmap').setOption(hm.option, { notMerge: true });
    document.body.dataset.loaded = 'true';
  }

  // Table controls: sort on header click, filter by state, page size, paging, curve picks.
  document.querySelectorAll('#trials th.sortable').forEach(th => th.addEventListener('click', () => {
    query.direction = query.sort === th.dataset.sort && query.direction === 'desc' ? 'asc' : 'desc';
    query.sort = th.dataset.sort; query.page = 0; loadTable();
  }));
  document.getElementById('state').onchange = e => { query.state = e.target.value; query.page = 0; loadTable(); };
  document.getElementById('size').onchange = e => { query.size = +e.target.value; query.page = 0; loadTable(); };
  document.getElementById('prev').onclick = () => { query.page = Math.max(0, query.page - 1); loadTable(); };
  document.getElementById('next').onclick = () => { query.page++; loadTable(); };
  document.querySelector('#trials tbody').addEventListener('change', e => {
    if (!e.target.classList.contains('pick')) return;
    const id = +e.target.dataset.id;
    chosen = chosen || new Set();
    picked = true;
    e.target.checked ? chosen.add(id) : chosen.delete(id);
    loadCurves();
  });
  for (const point of ['chart-reward', 'chart-params', 'chart-flops']) {
    nas.chart(point).on('click', p => { if (p.data && p.data.id != null) location.href = '/trial.html?id=' + p.data.id; });
  }

  // Controls: the token is asked once and kept for this tab.
  for (const action of ['pause', 'resume', 'stop']) {
    document.getElementById(action).onclick = async () => {
      if (action === 'stop' && !confirm(`Stop experiment ${name}? It can be resumed later with nas search.`)) return;
      try {
        const result = await nas.control(name, action);
        if (result) { nas.toast(`${action} accepted for ${name}`); refresh(); }
      } catch (e) {
        nas.toast(`${action} failed: ${e.message}`, true);
      }
    };
  }

  if (!name) {
    nas.toast('No experiment named in the address (?name=…)', true);
  } else {
    refresh().catch(e => nas.toast(e.status === 404 ? `No experiment named ${name}` : 'Cannot load: ' + e.message, true));
    nas.live(name, refresh);
  }
})();

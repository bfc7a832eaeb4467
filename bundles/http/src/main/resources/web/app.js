// Bindery's chat page: plain JavaScript against the same OpenAI-compatible API the server offers to programs.
'use strict';

const MODALITIES = ['image', 'audio', 'point', 'video', 'depth', 'thermal', 'imu'];
const BY_EXTENSION = {
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', bmp: 'image',
  wav: 'audio',
  ply: 'point', pcd: 'point', xyz: 'point', pts: 'point', off: 'point', obj: 'point',
  mp4: 'video', avi: 'video', mov: 'video', webm: 'video', mkv: 'video',
  npy: 'depth'
};
// The content part type of each modality: OpenAI's for images and audio, Bindery's for the others.
const PART_TYPE = { point: 'point_cloud', video: 'video', depth: 'depth', thermal: 'thermal', imu: 'imu' };

const $ = (id) => document.getElementById(id);
const attachments = [];
let running = null;

function headers() {
  const h = { 'Content-Type': 'application/json' };
  const key = $('api_key').value.trim();
  if (key) {
    h.Authorization = 'Bearer ' + key;
  }
  return h;
}

async function refreshHealth() {
  try {
    const r = await fetch('health');
    const body = await r.json();
    $('health').textContent = body.status === 'ok' ? 'ready' : 'loading: ' + body.missing.join(', ');
    $('health').className = 'badge ' + (body.status === 'ok' ? 'ok' : 'loading');
    $('model').textContent = (body.language_models || []).join(', ');
  } catch (e) {
    $('health').textContent = 'unreachable';
    $('health').className = 'badge';
  }
}

async function loadStrategies() {
  try {
    const r = await fetch('v1/models', { headers: headers() });
    if (!r.ok) {
      return;
    }
    const body = await r.json();
    const select = $('strategy');
    for (const s of (body.bindery && body.bindery.strategies) || []) {
      if (![...select.options].some((o) => o.value === s.name)) {
        const option = document.createElement('option');
        option.value = s.name;
        option.textContent = s.name;
        option.title = s.description;
        select.appendChild(option);
      }
    }
  } catch (e) {
    // The list fills in on the next refresh.
  }
}

function extensionOf(name) {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.substring(dot + 1).toLowerCase();
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function addAttachment(file) {
  const item = { file, modality: BY_EXTENSION[extensionOf(file.name)] || 'image', weight: 1 };
  attachments.push(item);
  const row = document.createElement('div');
  row.className = 'attachment';
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = file.name;
  const modality = document.createElement('select');
  for (const m of MODALITIES) {
    const option = document.createElement('option');
    option.value = m;
    option.textContent = m;
    option.selected = m === item.modality;
    modality.appendChild(option);
  }
  modality.onchange = () => { item.modality = modality.value; };
  const weight = document.createElement('input');
  weight.type = 'range';
  weight.min = '0';
  weight.max = '2';
  weight.step = '0.05';
  weight.value = '1';
  weight.className = 'weight';
  const shown = document.createElement('span');
  shown.textContent = 'weight 1.00';
  weight.oninput = () => {
    item.weight = parseFloat(weight.value);
    shown.textContent = 'weight ' + item.weight.toFixed(2);
  };
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = '×';
  remove.onclick = () => {
    attachments.splice(attachments.indexOf(item), 1);
    row.remove();
  };
  row.append(name, modality, weight, shown, remove);
  $('attachments').appendChild(row);
}

async function contentPart(item) {
  const url = await readAsDataUrl(item.file);
  const base64 = url.substring(url.indexOf(',') + 1);
  const format = extensionOf(item.file.name);
  if (item.modality === 'image') {
    return { type: 'image_url', image_url: { url }, weight: item.weight };
  }
  if (item.modality === 'audio') {
    return { type: 'input_audio', input_audio: { data: base64, format }, weight: item.weight };
  }
  const type = PART_TYPE[item.modality];
  return { type, [type]: { data: base64, format }, weight: item.weight };
}

function message(kind, who, text) {
  const div = document.createElement('div');
  div.className = 'msg ' + kind;
  const label = document.createElement('span');
  label.className = 'who';
  label.textContent = who;
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  div.append(label, body);
  $('log').appendChild(div);
  $('log').scrollTop = $('log').scrollHeight;
  return div;
}

function numberField(id) {
  const v = $(id).value.trim();
  return v === '' ? undefined : Number(v);
}

function showTimings(extras, usage) {
  const tbody = $('timings').tBodies[0];
  tbody.innerHTML = '';
  const row = (name, value) => {
    const tr = tbody.insertRow();
    tr.insertCell().textContent = name;
    const td = tr.insertCell();
    td.className = 'num';
    td.textContent = value;
  };
  for (const [stage, ms] of Object.entries(extras.timings_ms || {})) {
    row(stage, ms.toFixed(ms < 10 ? 2 : 0) + ' ms');
  }
  if (extras.decode_tokens_per_second > 0) {
    row('decode speed', extras.decode_tokens_per_second.toFixed(1) + ' tok/s');
  }
  if (usage) {
    row('tokens', usage.prompt_tokens + ' + ' + usage.completion_tokens);
  }
  if (extras.strategy) {
    row('strategy', extras.strategy);
  }
}

async function send(event) {
  event.preventDefault();
  const text = $('prompt').value.trim();
  if (!text || running) {
    return;
  }
  const content = [{ type: 'text', text }];
  for (const item of attachments) {
    content.push(await contentPart(item));
  }
  message('user', 'You', text + (attachments.length ? '  [' + attachments.map((a) => a.file.name + ' ×'
      + a.weight.toFixed(2)).join(', ') + ']' : ''));
  const request = {
    model: undefined,
    messages: [{ role: 'user', content }],
    stream: true,
    stream_options: { include_usage: true },
    temperature: numberField('temperature'),
    max_tokens: numberField('max_tokens'),
    seed: numberField('seed'),
    strategy: $('strategy').value || undefined,
    cache_size: numberField('cache_size'),
    cache_temperature: numberField('cache_temperature'),
    cache_weight: numberField('cache_weight')
  };
  $('prompt').value = '';
  const answer = message('assistant', 'Bindery', '');
  const answerText = answer.querySelector('.text');
  const controller = new AbortController();
  running = controller;
  $('send').disabled = true;
  $('stop').disabled = false;
  let extras = null;
  let usage = null;
  try {
    const r = await fetch('v1/chat/completions', {
      method: 'POST', headers: headers(), body: JSON.stringify(request), signal: controller.signal
    });
    if (!r.ok) {
      const body = await r.json().catch(() => ({ error: { message: 'HTTP ' + r.status } }));
      throw new Error(body.error.message);
    }
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.substring(0, end);
        buffer = buffer.substring(end + 2);
        for (const line of event.split('\n')) {
          if (!line.startsWith('data: ')) {
            continue;
          }
          const data = line.substring(6);
          if (data === '[DONE]') {
            continue;
          }
          const chunk = JSON.parse(data);
          if (chunk.error) {
            throw new Error(chunk.error.message);
          }
          for (const choice of chunk.choices || []) {
            if (choice.delta && choice.delta.content) {
              answerText.textContent += choice.delta.content;
              $('log').scrollTop = $('log').scrollHeight;
            }
          }
          if (chunk.bindery) {
            extras = chunk.bindery;
          }
          if (chunk.usage) {
            usage = chunk.usage;
          }
        }
      }
    }
    if (extras) {
      showTimings(extras, usage);
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = extras.stop_reason + (extras.strategy ? ' · ' + extras.strategy : '');
      answer.appendChild(meta);
      answer.classList.add('done');
    }
  } catch (e) {
    if (e.name !== 'AbortError') {
      message('error', 'Error', e.message);
    }
  } finally {
    running = null;
    $('send').disabled = false;
    $('stop').disabled = true;
  }
}

$('files').addEventListener('change', () => {
  for (const file of $('files').files) {
    addAttachment(file);
  }
  $('files').value = '';
});
$('ask').addEventListener('submit', send);
$('stop').addEventListener('click', () => running && running.abort());
$('api_key').value = localStorage.getItem('bindery.api_key') || '';
$('api_key').addEventListener('change', () => {
  localStorage.setItem('bindery.api_key', $('api_key').value);
  loadStrategies();
});
refreshHealth();
loadStrategies();
setInterval(() => { refreshHealth(); loadStrategies(); }, 5000);

// Images: upload by drag and drop or the file picker; each image's variants appear side by side once ready.
import { ApiError, announce, bytes, el, stream } from './app.js';

export function renderImages(main) {
  const streams = [];
  const input = el('input', { type: 'file', id: 'image-file', name: 'file', accept: 'image/jpeg,image/png,image/gif,image/webp,image/bmp' });
  const zone = el('div', { class: 'dropzone', id: 'dropzone' },
    el('p', {}, 'Drop an image here, or choose one:'),
    el('label', { for: 'image-file' }, 'Image file (JPEG, PNG, GIF, WebP or BMP, up to 20 MiB)'), ' ', input);
  const status = el('p', { id: 'upload-status', role: 'status' });
  const results = el('div', { id: 'images' });
  main.append(el('h1', {}, 'Images'),
    el('section', { 'aria-labelledby': 'upload-heading', class: 'panel' },
      el('h2', { id: 'upload-heading' }, 'Upload'), zone, status),
    el('section', { 'aria-labelledby': 'results-heading' },
      el('h2', { id: 'results-heading' }, 'Uploaded here'), results));

  input.addEventListener('change', () => {
    if (input.files.length) upload(input.files[0]);
    input.value = '';
  });
  zone.addEventListener('dragover', event => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', event => {
    event.preventDefault();
    zone.classList.remove('over');
    if (event.dataTransfer.files.length) upload(event.dataTransfer.files[0]);
  });

  async function upload(file) {
    status.textContent = `Uploading ${file.name}…`;
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const response = await fetch('/api/images', {
        method: 'POST', body: form, credentials: 'same-origin',
        headers: { 'X-Requested-With': 'JavaScript', Accept: 'application/json' },
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new ApiError(response.status, (body && (body.detail || body.title)) || `HTTP ${response.status}`);
      status.textContent = `${file.name} uploaded: making its variants.`;
      show(body.id, file.name);
    } catch (error) {
      status.replaceChildren(el('span', { class: 'error' }, `${file.name} was not taken: ${error.message}`));
    }
  }

  function show(id, name) {
    const card = el('article', { class: 'panel image-card', 'data-image-id': id, 'aria-labelledby': `image-${id}` },
      el('h3', { id: `image-${id}` }, name, ' ', el('span', { class: 'status status-PROCESSING', 'data-status': 'PROCESSING' }, 'PROCESSING')),
      el('p', { class: 'muted' }, 'Waiting for the resize function…'));
    results.prepend(card);
    const live = stream(`/api/images/${id}/stream`, {
      image: image => {
        render(card, image, name);
        if (image.status !== 'PROCESSING') {
          announce(image.status === 'READY' ? `${name}: ${image.variants.length} variants ready` : `${name} failed: ${image.failureReason}`);
          live.close();
        }
      },
      gone: () => live.close(),
    });
    streams.push(live);
  }
  return () => streams.forEach(s => s.close());
}

function render(card, image, name) {
  const original = image.original;
  card.replaceChildren(
    el('h3', { id: `image-${image.id}` }, name, ' ', el('span', { class: `status status-${image.status}`, 'data-status': image.status }, image.status)),
    original ? el('p', { class: 'muted' }, `Original: ${original.format.toUpperCase()} ${original.width}\u00d7${original.height}, ${bytes(original.bytes)}`) : '',
    image.status === 'FAILED' ? el('p', { class: 'error' }, image.failureReason || 'failed') : '',
    el('ul', { class: 'variants' }, (image.variants || []).map(v => el('li', { 'data-variant': v.name },
      el('figure', {},
        el('img', { src: v.url, alt: `${v.name} variant, ${v.width} by ${v.height} pixels`, width: v.width, height: v.height, loading: 'lazy' }),
        el('figcaption', {}, el('strong', {}, v.name), ` ${v.width}\u00d7${v.height} \u00b7 ${v.format.toUpperCase()} \u00b7 ${bytes(v.bytes)}`))))));
}

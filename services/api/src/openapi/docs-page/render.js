// The script of GET /docs: fetches the OpenAPI document of this server and renders it as HTML.
// Plain browser JavaScript, inlined into the page (no modules, no external resources). The page's
// Content-Security-Policy allows exactly this script by its hash. `renderApiDocument(doc)` is a pure
// function from the document to HTML, so it can also run outside a browser (the tests do).
'use strict';

var METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function esc(value) {
  return String(value).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}

/** Escaped text with `code` spans and paragraphs: the little Markdown the descriptions use. */
function prose(text) {
  if (!text) return '';
  return String(text)
    .split(/\n{2,}/)
    .map(function (paragraph) {
      return '<p>' + esc(paragraph).replace(/`([^`]+)`/g, '<code>$1</code>') + '</p>';
    })
    .join('');
}

function anchor(kind, name) {
  return kind + '-' + String(name).replace(/[^A-Za-z0-9_-]/g, '_');
}

function refName(ref) {
  var match = /^#\/components\/schemas\/(.+)$/.exec(ref || '');
  return match ? match[1] : null;
}

function typeLabel(schema) {
  if (!schema || typeof schema !== 'object') return 'any';
  var name = refName(schema.$ref);
  if (name) return '<a href="#' + anchor('schema', name) + '">' + esc(name) + '</a>';
  if (schema.const !== undefined) return '<code>' + esc(JSON.stringify(schema.const)) + '</code>';
  if (schema.enum) return schema.enum.map(function (v) { return '<code>' + esc(JSON.stringify(v)) + '</code>'; }).join(' | ');
  var variants = schema.anyOf || schema.oneOf;
  if (variants) return variants.map(typeLabel).join(' or ');
  if (schema.type === 'array') return 'array of ' + typeLabel(schema.items);
  var type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type || (schema.properties ? 'object' : 'any');
  if (schema.format) type += ' (' + schema.format + ')';
  return esc(type);
}

function constraints(schema) {
  if (!schema || typeof schema !== 'object') return [];
  var out = [];
  var pairs = [
    ['minLength', 'min length'], ['maxLength', 'max length'], ['minimum', '≥'], ['maximum', '≤'],
    ['exclusiveMinimum', '>'], ['exclusiveMaximum', '<'], ['minItems', 'min items'], ['maxItems', 'max items'],
  ];
  pairs.forEach(function (pair) {
    if (schema[pair[0]] !== undefined) out.push(pair[1] + ' ' + schema[pair[0]]);
  });
  if (schema.pattern) out.push('pattern <code>' + esc(schema.pattern) + '</code>');
  if (schema['default'] !== undefined) out.push('default <code>' + esc(JSON.stringify(schema['default'])) + '</code>');
  if (schema.additionalProperties === false) out.push('no other fields');
  if (schema.type === 'array' && schema.items) out = out.concat(constraints(schema.items).map(function (c) { return 'each: ' + c; }));
  return out;
}

/** A schema as nested field lists; `$ref`s link to the schema section instead of expanding. */
function renderSchema(schema, depth) {
  depth = depth || 0;
  if (!schema || typeof schema !== 'object') return '<span class="type">any</span>';
  var head = '<span class="type">' + typeLabel(schema) + '</span>';
  var notes = constraints(schema);
  var text = (schema.description ? ' <span class="desc">' + prose(schema.description).replace(/<\/?p>/g, ' ') + '</span>' : '') +
    (notes.length ? ' <span class="notes">' + notes.join(' · ') + '</span>' : '');
  if (depth > 8 || schema.$ref) return head + text;
  var body = '';
  var target = schema.type === 'array' && schema.items && !schema.items.$ref ? schema.items : schema;
  if (target.properties) {
    var required = target.required || [];
    body = '<ul class="fields">' + Object.keys(target.properties).map(function (name) {
      var mark = required.indexOf(name) >= 0 ? ' <span class="req" title="required">required</span>' : '';
      return '<li><code class="field">' + esc(name) + '</code>' + mark + ' ' + renderSchema(target.properties[name], depth + 1) + '</li>';
    }).join('') + '</ul>';
  } else if (target.additionalProperties && typeof target.additionalProperties === 'object' && Object.keys(target.additionalProperties).length) {
    body = '<ul class="fields"><li><code class="field">{key}</code> ' + renderSchema(target.additionalProperties, depth + 1) + '</li></ul>';
  }
  var variants = schema.anyOf || schema.oneOf;
  if (variants && variants.some(function (v) { return v.properties; })) {
    body += '<ol class="variants">' + variants.map(function (v) { return '<li>' + renderSchema(v, depth + 1) + '</li>'; }).join('') + '</ol>';
  }
  return head + text + body;
}

function renderExample(value) {
  var text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return '<details class="example" open><summary>Example</summary><pre lang="zh-Hans">' + esc(text) + '</pre></details>';
}

function resolve(doc, item, section) {
  var match = item && item.$ref ? new RegExp('^#/components/' + section + '/(.+)$').exec(item.$ref) : null;
  return match ? (doc.components && doc.components[section] && doc.components[section][match[1]]) || {} : item;
}

function renderParameters(doc, parameters) {
  if (!parameters || !parameters.length) return '';
  var rows = parameters.map(function (p) {
    var param = resolve(doc, p, 'parameters');
    return '<tr><td><code class="field">' + esc(param.name) + '</code>' + (param.required ? ' <span class="req">required</span>' : '') + '</td><td>' + esc(param['in']) +
      '</td><td>' + renderSchema(param.schema) + '</td><td>' + prose(param.description) + (param.example !== undefined ? '<p>e.g. <code>' + esc(param.example) + '</code></p>' : '') + '</td></tr>';
  });
  return '<h4>Parameters</h4><table class="params"><thead><tr><th>Name</th><th>In</th><th>Schema</th><th>Description</th></tr></thead><tbody>' + rows.join('') + '</tbody></table>';
}

function renderContent(content) {
  return Object.keys(content || {}).map(function (type) {
    var media = content[type];
    var encoding = media.encoding ? '<p class="notes">Parts: ' + Object.keys(media.encoding).map(function (part) { return '<code>' + esc(part) + '</code> as ' + esc(media.encoding[part].contentType); }).join(', ') + '</p>' : '';
    return '<div class="media"><div class="media-type"><code>' + esc(type) + '</code></div>' + (media.schema ? '<div class="schema">' + renderSchema(media.schema) + '</div>' : '') + encoding +
      (media.example !== undefined ? renderExample(media.example) : '') + '</div>';
  }).join('');
}

function renderResponses(doc, responses) {
  return '<h4>Responses</h4><dl class="responses">' + Object.keys(responses || {}).map(function (status) {
    var response = responses[status];
    var headers = Object.keys(response.headers || {});
    var statusClass = status.charAt(0) === '2' ? 'ok' : status.charAt(0) === '3' ? 'redirect' : 'error';
    return '<dt><span class="status ' + statusClass + '">' + esc(status) + '</span></dt><dd>' + prose(response.description) +
      (headers.length ? '<p class="notes">Headers: ' + headers.map(function (h) { return '<code>' + esc(h) + '</code>'; }).join(', ') + '</p>' : '') +
      renderContent(response.content) + '</dd>';
  }).join('') + '</dl>';
}

function renderOperation(doc, path, method, operation) {
  var id = anchor('op', operation.operationId || method + path);
  var roles = operation['x-roles'] || [];
  var search = [method, path, operation.summary, (operation.tags || []).join(' ')].join(' ').toLowerCase();
  var body = operation.requestBody
    ? '<h4>Request body' + (operation.requestBody.required ? '' : ' (optional)') + '</h4>' + prose(operation.requestBody.description) + renderContent(operation.requestBody.content)
    : '';
  return '<section class="op" id="' + id + '" data-search="' + esc(search) + '">' +
    '<h3><a href="#' + id + '"><span class="method ' + esc(method) + '">' + esc(method.toUpperCase()) + '</span> <code class="path">' + esc(path) + '</code></a> <span class="summary">' + esc(operation.summary || '') + '</span></h3>' +
    (roles.length ? '<p class="roles">' + roles.map(function (r) { return '<span class="role">' + esc(r) + '</span>'; }).join('') + '</p>' : '<p class="roles"><span class="role public">no key</span></p>') +
    prose(operation.description) + renderParameters(doc, operation.parameters) + body + renderResponses(doc, operation.responses) + '</section>';
}

/** The whole document as HTML: overview, authentication, the operations by tag, the named schemas. */
function renderApiDocument(doc) {
  var info = doc.info || {};
  var byTag = {};
  var order = (doc.tags || []).map(function (t) { return t.name; });
  Object.keys(doc.paths || {}).forEach(function (path) {
    METHODS.forEach(function (method) {
      var operation = doc.paths[path][method];
      if (!operation) return;
      var tag = (operation.tags && operation.tags[0]) || 'Other';
      if (order.indexOf(tag) < 0) order.push(tag);
      (byTag[tag] = byTag[tag] || []).push(renderOperation(doc, path, method, operation));
    });
  });
  var schemes = (doc.components && doc.components.securitySchemes) || {};
  var schemas = (doc.components && doc.components.schemas) || {};
  var nav = '<nav><input type="search" id="filter" placeholder="Filter operations…" aria-label="Filter operations"><ul>' +
    order.filter(function (t) { return byTag[t]; }).map(function (t) { return '<li><a href="#' + anchor('tag', t) + '">' + esc(t) + '</a> <span class="count">' + byTag[t].length + '</span></li>'; }).join('') +
    '<li><a href="#schemas">Schemas</a></li></ul></nav>';
  var intro = '<section class="intro"><h1>' + esc(info.title || 'API') + ' <span class="version">' + esc(info.version || '') + '</span></h1>' + prose(info.description) +
    '<p>OpenAPI ' + esc(doc.openapi || '') + ' document: <a href="/v1/openapi.json">/v1/openapi.json</a></p>' +
    '<h2>Authentication</h2><ul>' + Object.keys(schemes).map(function (name) { return '<li><strong>' + esc(name) + '</strong>: ' + prose(schemes[name].description).replace(/<\/?p>/g, '') + '</li>'; }).join('') + '</ul></section>';
  var operations = order.filter(function (t) { return byTag[t]; }).map(function (t) {
    return '<section class="tag" id="' + anchor('tag', t) + '"><h2>' + esc(t) + '</h2>' + byTag[t].join('') + '</section>';
  }).join('');
  var schemaSection = '<section id="schemas"><h2>Schemas</h2>' + Object.keys(schemas).map(function (name) {
    return '<section class="schema-def" id="' + anchor('schema', name) + '"><h3>' + esc(name) + '</h3>' + renderSchema(schemas[name]) + '</section>';
  }).join('') + '</section>';
  return nav + '<div class="content">' + intro + operations + schemaSection + '</div>';
}

function filterOperations(root, text) {
  var words = text.toLowerCase().split(/\s+/).filter(Boolean);
  Array.prototype.forEach.call(root.querySelectorAll('.op'), function (op) {
    var haystack = op.getAttribute('data-search');
    op.hidden = !words.every(function (w) { return haystack.indexOf(w) >= 0; });
  });
  Array.prototype.forEach.call(root.querySelectorAll('.tag'), function (tag) {
    tag.hidden = !tag.querySelector('.op:not([hidden])');
  });
}

if (typeof document !== 'undefined') {
  var root = document.getElementById('api');
  fetch('/v1/openapi.json', { headers: { accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error('GET /v1/openapi.json answered ' + response.status);
      return response.json();
    })
    .then(function (doc) {
      root.innerHTML = renderApiDocument(doc);
      document.title = (doc.info && doc.info.title) || document.title;
      var filter = document.getElementById('filter');
      filter.addEventListener('input', function () { filterOperations(root, filter.value); });
      if (location.hash) {
        var target = document.getElementById(location.hash.slice(1));
        if (target) target.scrollIntoView();
      }
    })
    .catch(function (error) {
      root.innerHTML = '<p class="error">Could not load the API description: ' + esc(error.message) + '</p>';
    });
}

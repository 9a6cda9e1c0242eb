/* Baobab's Inline checkout script, served at /v3.js: a development stand-in for
 * https://checkout.flutterwave.com/v3.js. It defines window.FlutterwaveCheckout(config): the payment
 * opens in a full-viewport <iframe name="checkout"> on Baobab's hosted checkout, and its result comes
 * back by postMessage from Baobab's origin alone. See docs/checkout.md. */
/* global window, document */
(function () {
  'use strict';
  var GATEWAY = '__BAOBAB_GATEWAY__';
  var ORIGIN = new URL(GATEWAY).origin;
  var FIELDS = [
    'public_key',
    'tx_ref',
    'amount',
    'currency',
    'payment_options',
    'redirect_url',
    'customer',
    'customizations',
    'meta',
    'payment_plan',
    'subaccounts',
    'integrity_hash',
  ];
  var LAYER =
    'position:fixed;top:0;left:0;width:100%;height:100%;border:none;margin:0;padding:0;' +
    'z-index:2147483647;background:rgba(17,24,39,.6);';
  var current = null;

  /** What is wrong with the config, or undefined. */
  function problem(config) {
    if (!config || typeof config !== 'object') return 'FlutterwaveCheckout needs a config object';
    if (typeof config.public_key !== 'string' || config.public_key === '') return 'public_key is required';
    if (config.tx_ref === undefined || config.tx_ref === null || String(config.tx_ref) === '') {
      return 'tx_ref is required';
    }
    var amount = Number(config.amount);
    if (config.amount === undefined || config.amount === null || config.amount === '' || !(amount > 0)) {
      return 'amount is required and must be a number greater than 0';
    }
    if (!config.customer || typeof config.customer.email !== 'string' || config.customer.email === '') {
      return 'customer.email is required';
    }
    return undefined;
  }

  function call(fn, value) {
    if (typeof fn !== 'function') return;
    try {
      fn(value);
    } catch (error) {
      console.error(error);
    }
  }

  /** A message box over the page (loading, or what went wrong), with a way to close it. */
  function notice(text, closeable) {
    var box = document.createElement('div');
    box.setAttribute('role', closeable ? 'alertdialog' : 'status');
    box.setAttribute('data-baobab-checkout', '');
    box.style.cssText = LAYER + 'display:flex;align-items:center;justify-content:center;';
    var card = document.createElement('div');
    card.style.cssText =
      'max-width:24rem;margin:1rem;padding:1.5rem;background:#fff;color:#1f2937;border-radius:.75rem;' +
      'font:1rem/1.5 system-ui,sans-serif;';
    var p = document.createElement('p');
    p.textContent = text;
    card.appendChild(p);
    if (closeable) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Close';
      button.addEventListener('click', close);
      card.appendChild(button);
    }
    box.appendChild(card);
    return box;
  }

  function show(node) {
    if (current.node && current.node.parentNode) current.node.parentNode.removeChild(current.node);
    current.node = node;
    document.body.appendChild(node);
  }

  function close() {
    var open = current;
    if (!open) return;
    current = null;
    window.removeEventListener('message', onMessage);
    if (open.node && open.node.parentNode) open.node.parentNode.removeChild(open.node);
    document.body.style.overflow = open.overflow;
    call(open.config.onclose, !open.completed);
  }

  function onMessage(event) {
    var open = current;
    if (!open || !open.frame || event.origin !== ORIGIN || event.source !== open.frame.contentWindow) return;
    var m = event.data;
    if (!m || m.type !== 'baobab:checkout' || m.tx_ref !== open.txRef) return;
    if (m.event === 'completed' && !open.completed) {
      open.completed = true;
      if (typeof m.redirect === 'string' && /^https?:\/\//.test(m.redirect)) {
        window.location.assign(m.redirect);
        return;
      }
      call(open.config.callback, m.response);
    } else if (m.event === 'closed') {
      close();
    }
  }

  function fail(text) {
    console.error('FlutterwaveCheckout (Baobab): ' + text);
    if (current) show(notice('This payment could not start: ' + text, true));
  }

  window.FlutterwaveCheckout = function FlutterwaveCheckout(config) {
    if (current) close();
    var txRef = config && config.tx_ref !== undefined && config.tx_ref !== null ? String(config.tx_ref) : '';
    current = {
      config: config || {},
      txRef: txRef,
      completed: false,
      overflow: document.body.style.overflow,
    };
    var handle = current;
    document.body.style.overflow = 'hidden';
    window.addEventListener('message', onMessage);
    var wrong = problem(config);
    if (wrong) {
      fail(wrong);
      return { close: close };
    }
    show(notice('Loading payment…', false));
    var body = {};
    FIELDS.forEach(function (name) {
      if (config[name] !== undefined) body[name] = config[name];
    });
    body.tx_ref = txRef;
    fetch(GATEWAY + '/v3/inline/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        return res.json();
      })
      .then(function (answer) {
        if (current !== handle) return;
        if (!answer || answer.status !== 'success' || !answer.data || typeof answer.data.link !== 'string') {
          fail((answer && answer.message) || 'the gateway refused it');
          return;
        }
        var frame = document.createElement('iframe');
        frame.name = 'checkout';
        frame.title = 'Payment';
        frame.setAttribute('allow', 'payment');
        frame.style.cssText = LAYER;
        frame.src = answer.data.link;
        handle.frame = frame;
        show(frame);
      })
      .catch(function () {
        if (current === handle) fail('the gateway at ' + ORIGIN + ' could not be reached');
      });
    return { close: close };
  };
})();

// Draws the ```mermaid blocks of a post-mortem (<pre class="mermaid">) with Mermaid, which the
// knowledge base's theme provides as static/mermaid.min.js (README › Diagrams); pages without a
// diagram never load it. Strict security level: a diagram's labels are text, never HTML, script
// or links, whatever the Markdown says.
(function () {
  'use strict';
  if (!window.mermaid) return;
  var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
  window.mermaid.run({ querySelector: 'pre.mermaid' });
})();

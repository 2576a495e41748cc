// Draws the book's diagrams. The mermaid preprocessor turns each ```mermaid
// block into <pre class="mermaid">; this script fetches mermaid.min.js
// (2.6 MB, vendored in theme/vendor and served by the book itself) only on
// pages that have such a block, and redraws when the reader switches between
// light and dark themes.
(() => {
    "use strict";
    const blocks = Array.from(document.querySelectorAll("pre.mermaid"));
    if (blocks.length === 0) {
        return;
    }
    const root = document.documentElement;
    const darkThemes = ["ayu", "navy", "coal"];
    const isDark = () => darkThemes.some((t) => root.classList.contains(t));
    const sources = blocks.map((b) => b.textContent);
    let drawnDark = null;

    function draw() {
        drawnDark = isDark();
        window.mermaid.initialize({
            startOnLoad: false,
            theme: drawnDark ? "dark" : "default",
            securityLevel: "strict",
        });
        blocks.forEach((block, i) => {
            block.removeAttribute("data-processed");
            block.textContent = sources[i];
        });
        window.mermaid.run({ nodes: blocks }).then(() => {
            for (const block of blocks) {
                const svg = block.querySelector("svg");
                if (svg) {
                    svg.setAttribute("role", "img");
                    block.dataset.drawn = "true";
                }
            }
        });
    }

    const script = document.createElement("script");
    script.src = path_to_root + "vendor/mermaid.min.js";
    script.onload = draw;
    document.head.appendChild(script);

    new MutationObserver(() => {
        if (window.mermaid && drawnDark !== isDark()) {
            draw();
        }
    }).observe(root, { attributes: true, attributeFilter: ["class"] });
})();

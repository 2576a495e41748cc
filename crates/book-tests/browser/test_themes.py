"""The theme switcher works, and text keeps WCAG AA contrast in every theme:
the book's text, the sidebar, and every badge variant of theme/tracker.css,
measured on computed styles in the browser."""

import re

import pytest
from conftest import ROOT

THEMES = ["light", "rust", "coal", "navy", "ayu"]
PAGES = [
    "status/index.html",  # badges, tables, progress bars
    "peps/pep-9901.html",  # PEP banner
    "contributing/setup.html",  # code
    "contributing/api.html",
    "objections.html",  # prose, block quotes
]
BADGES = sorted(set(re.findall(r"\.badge-([\w-]+)", (ROOT / "theme/tracker.css").read_text())))

# Contrast of every visible element that has text of its own. Colours are
# composited over the element's effective background (its ancestors' layers,
# white below all). Large text (24px, or 18.66px bold) needs 3:1, the rest 4.5:1.
CONTRAST = """(scope) => {
    const rgba = (c) => {
        const m = c.match(/^rgba?\\((.+)\\)$/);
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top, below) => {
        const a = top[3];
        return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat([1]);
    };
    const background = (el) => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c && c[3] > 0) layers.push(c);
            if (c && c[3] === 1) break;
        }
        return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1]);
    };
    const lum = (c) => {
        const [r, g, b] = c.slice(0, 3).map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const failures = [];
    let checked = 0;
    for (const el of document.querySelectorAll(scope)) {
        const own = Array.from(el.childNodes).some(
            (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        const style = getComputedStyle(el);
        if (!own || el.getClientRects().length === 0 || style.visibility === "hidden") continue;
        const fg = rgba(style.color);
        const bg = background(el);
        if (!fg) { failures.push(`${el.tagName}: colour ${style.color}`); continue; }
        const l1 = lum(over(fg, bg)), l2 = lum(bg);
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
        const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
        checked++;
        if (ratio < need) {
            failures.push(`${ratio.toFixed(2)} < ${need}: <${el.tagName.toLowerCase()} class="${el.className}"> `
                + `${JSON.stringify(el.textContent.trim().slice(0, 40))} ${style.color} on rgb(${bg.slice(0, 3).map(Math.round)})`);
        }
    }
    return {checked, failures};
}"""


def test_theme_buttons_switch_the_theme(open_page):
    page, log = open_page("index.html")
    for theme in THEMES + ["light"]:
        if not page.is_visible("#mdbook-theme-list"):
            page.click("#mdbook-theme-toggle")
        page.click(f"#mdbook-theme-{theme}")
        classes = page.evaluate("document.documentElement.className").split()
        assert theme in classes and not set(THEMES) - {theme} & set(classes), classes
    assert not log.problems(), log.problems()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("theme", THEMES)
def test_text_contrast(open_page, theme, path):
    page, log = open_page(path, theme=theme)
    assert theme in page.evaluate("document.documentElement.className").split()
    # Every badge variant the stylesheet defines, whether or not the data uses it.
    badges = "".join(f'<span class="badge badge-{b}">{b} badge</span> ' for b in BADGES)
    page.evaluate(
        "html => document.querySelector('main').insertAdjacentHTML('afterbegin', `<p>${html}</p>`)",
        badges,
    )
    result = page.evaluate(CONTRAST, "main *, #mdbook-sidebar *, #mdbook-menu-bar *")
    assert result["checked"] > 20
    assert not result["failures"], "\n".join(result["failures"])
    assert not log.problems(), log.problems()
